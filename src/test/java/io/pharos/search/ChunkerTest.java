package io.pharos.search;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.pharos.search.embed.WordPieceCounter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("sqlite-only")   // pure Java: running it once is enough
class ChunkerTest {
    private static final String TITLE = "t";    // one token with a word counter

    /** One token per word: sizes read as words. */
    private static Chunker words(int max, int overlap) {
        return new Chunker(max, overlap, w -> 1);
    }

    @Test
    void sections_start_at_headings_and_keep_them() {
        List<Chunker.Piece> pieces = words(50, 5).split(TITLE, "Intro text.\n\n## Setup\n\nInstall it.\n\n## Use\nRun it.");
        assertThat(pieces).extracting(Chunker.Piece::heading).containsExactly(null, "Setup", "Use");
        assertThat(pieces).extracting(Chunker.Piece::text).containsExactly("Intro text.", "Install it.", "Run it.");
        assertThat(pieces).extracting(Chunker.Piece::ordinal).containsExactly(0, 1, 2);
    }

    @Test
    void long_paragraphs_are_cut_into_bounded_windows_that_overlap() {
        String text = IntStream.range(0, 250).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        List<Chunker.Piece> pieces = words(103, 10).split(TITLE, text);   // 103 - [CLS] - [SEP] - title = 100 words
        assertThat(pieces).allSatisfy(p -> assertThat(p.text().split(" ")).hasSizeLessThanOrEqualTo(100));
        assertThat(pieces.get(0).text()).endsWith("w99");
        assertThat(pieces.get(1).text()).startsWith("w90 ");
        assertThat(pieces.getLast().text()).endsWith("w249");
    }

    @Test
    void small_paragraphs_are_packed_together() {
        List<Chunker.Piece> pieces = words(100, 10).split(TITLE, "one two\n\nthree four\n\nfive");
        assertThat(pieces).singleElement().extracting(Chunker.Piece::text).isEqualTo("one two three four five");
    }

    @Test
    void a_paragraph_that_does_not_fit_starts_the_next_chunk() {
        String first = IntStream.range(0, 60).mapToObj(i -> "a" + i).collect(Collectors.joining(" "));
        String second = IntStream.range(0, 60).mapToObj(i -> "b" + i).collect(Collectors.joining(" "));
        List<Chunker.Piece> pieces = words(103, 10).split(TITLE, first + "\n\n" + second);
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(0).text()).isEqualTo(first);
        assertThat(pieces.get(1).text()).startsWith("a50 ").endsWith("b59");
    }

    @Test
    void the_title_and_heading_take_their_share_of_the_window() {
        String text = "## Two words\n\n" + IntStream.range(0, 100).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        List<Chunker.Piece> pieces = words(50, 0).split("a five word long title", text);
        // 50 - 2 special - 5 title - 2 heading = 41 words of text per chunk
        assertThat(pieces).extracting(p -> p.text().split(" ").length).containsExactly(41, 41, 18);
    }

    @Test
    void every_chunk_fits_the_models_window_as_its_own_tokenizer_counts() throws Exception {
        String title = "SQLite Query Language: CREATE TABLE — «Définitions» & sqlite3_prepare_v2()";
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < 6; s++) {
            text.append("## Section ").append(s).append(": ON CONFLICT/REPLACE\n\n");
            for (int p = 0; p < 4; p++) {
                text.append("The sqlite3_wal_checkpoint_v2(db, zDb, eMode, &nLog, &nCkpt) interface runs a checkpoint; "
                        + "naïve café-style coöperation, 数据库 テーブル, x=42.5e-3 [see §4.2] {json_extract('$.a[0]')} ")
                        .append("word").append(s * 10 + p).append(" ");
                for (int w = 0; w < 25; w++) text.append("pneumonoultramicroscopic").append(w).append(' ');
                text.append("\n\n");
            }
        }
        WordPieceCounter counter = WordPieceCounter.shared();
        Chunker chunker = new Chunker(128, 16, counter::countWord);
        List<Chunker.Piece> pieces = chunker.split(title, text.toString());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json");
             HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"))) {
            assertThat(pieces).hasSizeGreaterThan(10);
            for (Chunker.Piece p : pieces) {
                String input = new ChunkStore.Chunk(0, null, p.ordinal(), title, p.heading(), p.text()).embeddingInput();
                int tokens = reference.encode(input).getIds().length;     // with [CLS] and [SEP]
                assertThat(tokens).as("chunk %d", p.ordinal()).isLessThanOrEqualTo(128).isGreaterThan(100);
                assertThat(counter.count(input) + Chunker.SPECIAL_TOKENS).isEqualTo(tokens);
            }
        }
    }
}
