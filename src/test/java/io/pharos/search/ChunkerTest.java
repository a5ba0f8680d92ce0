package io.pharos.search;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("sqlite-only")   // pure Java: running it once is enough
class ChunkerTest {

    @Test
    void sections_start_at_headings_and_keep_them() {
        List<Chunker.Piece> pieces = new Chunker(50, 5).split("Intro text.\n\n## Setup\n\nInstall it.\n\n## Use\nRun it.");
        assertThat(pieces).extracting(Chunker.Piece::heading).containsExactly(null, "Setup", "Use");
        assertThat(pieces).extracting(Chunker.Piece::text).containsExactly("Intro text.", "Install it.", "Run it.");
        assertThat(pieces).extracting(Chunker.Piece::ordinal).containsExactly(0, 1, 2);
    }

    @Test
    void long_paragraphs_are_cut_into_bounded_windows_that_overlap() {
        String text = IntStream.range(0, 250).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        List<Chunker.Piece> pieces = new Chunker(100, 10).split(text);
        assertThat(pieces).allSatisfy(p -> assertThat(p.text().split(" ")).hasSizeLessThanOrEqualTo(100));
        assertThat(pieces.get(0).text()).endsWith("w99");
        assertThat(pieces.get(1).text()).startsWith("w90 ");
        assertThat(pieces.getLast().text()).endsWith("w249");
    }

    @Test
    void small_paragraphs_are_packed_together() {
        List<Chunker.Piece> pieces = new Chunker(100, 10).split("one two\n\nthree four\n\nfive");
        assertThat(pieces).singleElement().extracting(Chunker.Piece::text).isEqualTo("one two three four five");
    }
}
