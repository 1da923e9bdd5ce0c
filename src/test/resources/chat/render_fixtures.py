# Renders thinkact's extra Qwen3 chat-template fixtures with real Jinja2, using exactly the
# settings of ../shared/golden/chat/render_chat.py (the environment Hugging Face transformers uses).
# Test-time helper only; the Java tests read the committed output, never run Python.
# Usage (from the repo root, Debian python3-jinja2):
#   /usr/bin/python3 src/test/resources/chat/render_fixtures.py data/tokenizer/qwen3/tokenizer_config.json \
#       src/test/resources/chat/qwen3_fixture_renders.json \
#       ../shared/golden/chat/qwen3_chat_renders.json src/test/resources/chat/qwen3_golden_prompts.json
# The last two arguments add, for each golden case that ends with an assistant turn, the
# generation-prompt render of its context (the golden file holds only full renders).
import json, sys, jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
cfg = json.load(open(sys.argv[1]))
def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)
def raise_exception(m): raise jinja2.exceptions.TemplateError(m)
env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
tpl = env.from_string(cfg["chat_template"])

T = lambda n, d, props, req: {"type": "function", "function": {"name": n, "description": d, "parameters": {"type": "object", "properties": props, "required": req}}}
TC = lambda n, a: {"type": "function", "function": {"name": n, "arguments": a}}
U = lambda c: {"role": "user", "content": c}
A = lambda c, **kw: dict({"role": "assistant", "content": c}, **kw)
TOOL = lambda c: {"role": "tool", "content": c}
SYS = {"role": "system", "content": "You are a flight-booking agent. Café policy: be polite — always ✈️."}

search = T("search_flights", "Find flights.\tTab, \"quotes\", back\\slash, bell\u0007 and <html> & 'apostrophes'.",
           {"origin": {"type": "string", "description": "IATA code, e.g. \"ZRH\" (Zürich)"},
            "max_price": {"type": "number", "minimum": 0.5, "maximum": 1e16, "default": 100.0},
            "tolerance": {"type": "number", "default": 1e-05, "examples": [0.1, 0.30000000000000004, -0.0, 5e-324, 1.7976931348623157e308, 123456789.125, 2.5e-7, 0.0001]},
            "passengers": {"type": "integer", "minimum": 1, "maximum": 123456789012345678901234567890},
            "filters": {"type": "object", "properties": {"cabin": {"type": "string", "enum": ["economy", "business", "première"]},
                                                         "nonstop": {"type": "boolean", "default": True},
                                                         "alliances": {"type": "array", "items": {"type": "string"}, "default": None}}}},
           ["origin"])
book = T("book_flight", "Book a flight by id.", {"flight_id": {"type": "string"}, "seat": {"type": "string"}}, ["flight_id"])
tools = [search, book]

cases = {
 "no_tools_gen_prompt_thinking_on": dict(messages=[SYS, U("Hello there")], add_generation_prompt=True),
 "no_system_multiturn_gen_prompt_thinking_off": dict(messages=[U("Hi"), A("Hello! 👋"), U("Tell me a joke about 日本語.")], add_generation_prompt=True, enable_thinking=False),
 "no_system_tools_gen_prompt_thinking_off": dict(messages=[U("Flights from ZRH under 250.5?")], tools=tools, add_generation_prompt=True, enable_thinking=False),
 "tools_multiple_calls_nested_args_target": dict(messages=[SYS, U("Find flights from ZRH and from GVA, business, nonstop."),
    A("", tool_calls=[TC("search_flights", {"origin": "ZRH", "max_price": 250.5, "tolerance": 1e-05, "passengers": 2,
                                            "filters": {"cabin": "business", "nonstop": True, "alliances": ["Star", "oneworld"], "note": None}}),
                      TC("search_flights", {"origin": "GVA", "max_price": 1e16, "passengers": 123456789012345678901234567890, "filters": {"cabin": "première"}}),
                      TC("book_flight", '{"flight_id": "LX 318",   "seat": "1A"}')])], tools=tools),
 "think_blocks_before_and_after_last_query": dict(messages=[SYS,
    U("What can you do?"),
    A("I can search and book flights.", reasoning_content="The user asks about capabilities."),
    U("Search ZRH."),
    A("<think>\nI should search from ZRH.\n</think>\n\nLet me search.", tool_calls=[TC("search_flights", {"origin": "ZRH"})]),
    TOOL('[{"id": "LX 318", "price": 199.0}]'),
    A("", tool_calls=[TC("book_flight", {"flight_id": "LX 318"})]),
    TOOL('{"status": "booked"}'),
    A("Booked LX 318 for CHF 199.", reasoning_content="\nThe booking succeeded; tell the user.\n\n")], tools=tools),
 "earlier_think_in_content_is_dropped": dict(messages=[
    U("First question"),
    A("<think>\nold reasoning\n</think>\n\nold answer"),
    U("Second question"),
    A("\n\nnew answer with leading newlines", reasoning_content="")]),
 "tool_message_ends_conversation": dict(messages=[SYS, U("Book LX 318."),
    A("", tool_calls=[TC("book_flight", {"flight_id": "LX 318"})]),
    TOOL('{"status": "booked", "price": 41.5}'),
    TOOL("second response ✓")], tools=tools),
 "tool_message_ends_conversation_gen_prompt": dict(messages=[SYS, U("Book LX 318."),
    A("", tool_calls=[TC("book_flight", {"flight_id": "LX 318"})]),
    TOOL('{"status": "booked", "price": 41.5}')], tools=tools, add_generation_prompt=True),
 "string_arguments_with_text_target": dict(messages=[U("Book LX 318 seat 2C."),
    A("Sure, booking now.", tool_calls=[TC("book_flight", '{"flight_id": "LX 318", "seat": "2C"}')])], tools=tools),
 "unwrapped_tool_call_and_reasoning": dict(messages=[U("Book it"),
    A("", reasoning_content="Need the id.", tool_calls=[{"name": "book_flight", "arguments": {"flight_id": "X1"}}])], tools=tools),
 "user_tool_response_is_not_a_query": dict(messages=[U("Search GVA"),
    A("", tool_calls=[TC("search_flights", {"origin": "GVA"})]),
    U("<tool_response>\n[]\n</tool_response>"),
    A("Nothing found.", reasoning_content="Empty list.")], tools=tools),
 "system_in_the_middle": dict(messages=[SYS, U("Hi"), A("Hello."), {"role": "system", "content": "Switch to French."}, U("Bonjour ?"),
    A("Bonjour ! Comment puis-je vous aider ?")]),
 "context_ends_with_assistant": dict(messages=[U("Check LX 318"),
    A("Checking.", tool_calls=[]),
    A("", tool_calls=[TC("search_flights", {"origin": "ZRH"})])], tools=tools),
 "no_real_user_query": dict(messages=[SYS, U("<tool_response>\nstatus ok\n</tool_response>"), A("Done.")]),
 "multi_step_target_after_tools": dict(messages=[U("Find and book the cheapest ZRH flight."),
    A("", tool_calls=[TC("search_flights", {"origin": "ZRH"})]),
    TOOL('[{"id": "LX 318", "price": 199.0}, {"id": "LX 320", "price": 250.75}]'),
    A("", reasoning_content="LX 318 is cheapest.", tool_calls=[TC("book_flight", {"flight_id": "LX 318"})])], tools=tools),
 "thinking_off_target_without_reasoning": dict(messages=[U("2+2?"), A("4")], enable_thinking=False),
 "emoji_and_astral_text": dict(messages=[SYS, U("Répondez avec des emojis 😀🎉 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"), A("😀🎉 d'accord — 𝔡𝔬𝔫𝔢", reasoning_content="Emoji 🤔.")]),
}

def prompt_of(kw):
    # The generation prompt for the context, which a training render must start with.
    return tpl.render(**dict(kw, messages=kw["messages"][:-1], add_generation_prompt=True))

# Random conversations (seeded) mixing every rule above, including awkward content: leading and
# trailing newlines, several <think>/</think>, empty or newline-only reasoning, wrapped tool responses.
import random
rng = random.Random(7)
TEXTS = ["ok", "", "\n\nleading newlines", "trailing\n\n", "a <think> in passing", "<think>\nr1\n</think>\n\nc1",
         "x<think>a</think>y</think>\nz", "</think>only close", "Grüße 👋 𝔘", "{\"json\": [1, 2.5]}", "multi\nline\ntext"]
REASONS = [None, None, "", "\n", "because", "\n\nwhy\n\n", "deep 🤔 thought"]
ARGS = [{"origin": "ZRH"}, {"n": 3, "x": 0.5, "tiny": 1e-07, "big": 3e20, "nested": {"l": [True, None, "é"]}}, {}, '{"raw":  "string args"}', "not json at all"]
def random_call():
    call = TC(rng.choice(["search_flights", "book_flight"]), rng.choice(ARGS))
    return call if rng.random() < 0.8 else call["function"]
def random_message(prev):
    r = rng.random()
    if r < 0.3:
        c = rng.choice(TEXTS) if rng.random() < 0.8 else "<tool_response>\n" + rng.choice(TEXTS) + "\n</tool_response>"
        return U(c)
    if r < 0.7:
        m = A(rng.choice(TEXTS))
        reason = rng.choice(REASONS)
        if reason is not None:
            m["reasoning_content"] = reason
        if rng.random() < 0.5:
            m["tool_calls"] = [random_call() for _ in range(rng.randint(1, 3))]
        return m
    if r < 0.95:
        return TOOL(rng.choice(TEXTS))
    return {"role": "system", "content": rng.choice(TEXTS)}
for k in range(60):
    msgs = [SYS] if rng.random() < 0.6 else []
    for _ in range(rng.randint(1, 8)):
        msgs.append(random_message(msgs))
    kw = dict(messages=msgs, tools=tools if rng.random() < 0.5 else None, add_generation_prompt=rng.random() < 0.4)
    if rng.random() < 0.6:
        kw["enable_thinking"] = rng.random() < 0.5
    cases["random_%02d" % k] = kw

out = {}
for name, kw in cases.items():
    kw.setdefault("tools", None)
    kw.setdefault("add_generation_prompt", False)
    inputs = {k: v for k, v in kw.items() if v is not None}
    case = {"inputs": inputs, "rendered": tpl.render(**kw)}
    if kw["messages"][-1]["role"] == "assistant" and not kw["add_generation_prompt"]:
        case["prompt_rendered"] = prompt_of(kw)
    out[name] = case
json.dump(out, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
if len(sys.argv) > 4:
    golden = json.load(open(sys.argv[3]))
    prompts = {}
    for name, case in golden.items():
        kw = case["inputs"]
        assert tpl.render(**kw) == case["rendered"], name  # our Jinja2 set-up reproduces the golden render
        if kw["messages"][-1]["role"] == "assistant" and not kw.get("add_generation_prompt", False):
            prompts[name] = prompt_of(kw)
    json.dump(prompts, open(sys.argv[4], "w"), ensure_ascii=False, indent=1)
for k, v in out.items():
    print("=====", k); print(v["rendered"])
