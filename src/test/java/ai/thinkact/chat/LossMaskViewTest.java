package ai.thinkact.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.TestPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossMaskViewTest {
  @Test
  void marksTheTrainedOnRun() throws Exception {
    try (QwenTokenizer tokenizer = QwenTokenizer.load(TestPaths.qwen3Tokenizer())) {
      RenderedChat chat = new ChatFormat(tokenizer)
          .renderTraining(List.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello!")), List.of(), false);
      String expected = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
          + "<|im_start|>assistant\n<think>\n\n</think>\n\n[[Hello!<|im_end|>]]\n";
      assertEquals(expected, LossMaskView.render(tokenizer, chat, LossMaskView.Style.BRACKETS));
      String ansi = LossMaskView.render(tokenizer, chat, LossMaskView.Style.ANSI);
      assertEquals(expected.replace("[[", "\u001b[1;32m").replace("]]", "\u001b[0m"), ansi);
    }
  }
}
