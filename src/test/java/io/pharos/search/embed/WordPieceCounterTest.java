package io.pharos.search.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("sqlite-only")   // pure Java: running it once is enough
class WordPieceCounterTest {

    @Test
    void counts_what_the_native_tokenizer_counts() throws Exception {
        String[] samples = {
                "The WAL journal mode uses a write-ahead log; checkpoints move pages back (see PRAGMA wal_checkpoint).",
                "sqlite3_prepare_v2() compiles SQL text into a prepared statement: int rc = sqlite3_step(pStmt);",
                "Ünïcödé naïve café Ångström — “quotes” ‘single’ … ellipsis; 数据库 テーブル 데이터베이스",
                "x=42.5e-3 a.b.c $HOME ~/path/to/file.db http://example.com/a?b=c&d=e#frag <mark>html</mark>",
                "tab\tseparated\u00a0nbsp\u2003emspace zero\u200bwidth control\u0001char e\u0301 combining",
                "supercalifragilisticexpialidocious antidisestablishmentarianism " + "x".repeat(120),
                "🙂 emoji 🚀 and math ∑∫√ and arrows → ⇒",
        };
        WordPieceCounter counter = WordPieceCounter.shared();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json");
             HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"))) {
            for (String s : samples) {
                assertThat(counter.count(s)).as(s).isEqualTo(reference.encode(s, false, false).getIds().length);
            }
            Random random = new Random(7);
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_-.,;:()[]{}'\"éüß中文 ";
            for (int i = 0; i < 500; i++) {
                StringBuilder s = new StringBuilder();
                for (int c = 0, n = 1 + random.nextInt(80); c < n; c++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                assertThat(counter.count(s.toString())).as(s.toString()).isEqualTo(reference.encode(s.toString(), false, false).getIds().length);
            }
        }
    }
}
