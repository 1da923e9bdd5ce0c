# Writes values exactly as Python's json.dumps(x, ensure_ascii=False) prints them, for
# PythonJsonTest: Jackson reads each line back and thinkact's PythonJson must print it unchanged.
# Test-time helper only. Usage: /usr/bin/python3 src/test/resources/chat/python_json_fixtures.py OUT.jsonl
import json, random, struct, sys
rng = random.Random(20261125)
values = [0.1, 0.2 + 0.1, 41.5, 1e-05, 1e-4, 1e16, 1e15, 123456789012345.6, 1e22, 1e23, 2e-7, 100.0, -0.0, 0.0,
          5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740993, -1.5e300, 1/3, 2/3, 4.35, 0.000123,
          123456789012345678901234567890, -7, True, False, None,
          "plain", "quote \" backslash \\ slash /", "ctl \x00\x01\x07\x08\x0b\x0c\x1f\x7f tab\t nl\n cr\r",
          "non-ASCII é ü 日本語 😀 \u2028 \u00a0", {"nested": {"list": [1, 2.5, [], {}], "empty": ""}, "b": None}]
for _ in range(400):
    # Random bit patterns cover every exponent; keep the finite ones.
    x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    if x == x and abs(x) != float("inf"):
        values.append(x)
for _ in range(200):
    values.append(round(rng.uniform(-1000, 1000), rng.randint(0, 6)))
with open(sys.argv[1], "w") as out:
    for v in values:
        out.write(json.dumps(v, ensure_ascii=False) + "\n")
