package ai.thinkact.chat;

import ai.thinkact.TinyQwen;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LossMaskViewTest {
  private final QwenTokenizer tokenizer = TinyQwen.tokenizer();
  private final RenderedChat chat = new ChatFormat(tokenizer)
      .renderTraining(List.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello!")), List.of(), false);
  private final String expected = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
      + "<|im_start|>assistant\n<think>\n\n</think>\n\n[[Hello!<|im_end|>]]\n";

  @Test
  void bracketsTheTrainedOnRun() {
    assertEquals(expected, LossMaskView.render(tokenizer, chat, LossMaskView.Style.BRACKETS));
  }

  @Test
  void coloursTheTrainedOnRun() {
    String ansi = LossMaskView.render(tokenizer, chat, LossMaskView.Style.ANSI);
    assertEquals(expected.replace("[[", "\u001b[1;32m").replace("]]", "\u001b[0m"), ansi);
  }
}
