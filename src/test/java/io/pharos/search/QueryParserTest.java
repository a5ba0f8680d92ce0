package io.pharos.search;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("sqlite-only")   // pure Java: running it once is enough
class QueryParserTest {

    @Test
    void words_phrases_or_and_exclusions_become_our_model() {
        TextQuery q = QueryParser.parse("wal \"write ahead log\" OR checkpoint -rollback -\"hot journal\"");
        assertThat(q.terms()).containsExactly(List.of("wal"), List.of("write", "ahead", "log"), List.of("checkpoint"));
        assertThat(q.excluded()).containsExactly(List.of("rollback"), List.of("hot", "journal"));
    }

    @Test
    void identifiers_that_split_into_several_tokens_are_phrases() {
        assertThat(QueryParser.parse("sqlite3_prepare_v2").terms()).containsExactly(List.of("sqlite3", "prepare", "v2"));
    }

    @Test
    void stopwords_are_dropped_unless_nothing_else_is_left() {
        assertThat(QueryParser.parse("how do I vacuum the database").terms()).containsExactly(List.of("vacuum"), List.of("database"));
        assertThat(QueryParser.parse("the who").terms()).containsExactly(List.of("the"), List.of("who"));
    }

    @Test
    void operators_and_punctuation_are_never_syntax() {
        // "y" is an English stopword (NLTK's list), so it is dropped like "how" or "the"
        assertThat(QueryParser.parse("a:b* NEAR(x y) ^title' OR 1=1; --").terms())
                .containsExactly(List.of("a", "b"), List.of("near", "x"), List.of("title"), List.of("1", "1"));
        assertThat(QueryParser.parse("\"unterminated phrase").terms()).containsExactly(List.of("unterminated", "phrase"));
        assertThat(QueryParser.parse("\"\" - -- \"").isEmpty()).isTrue();
    }

    @Test
    void query_keys_ignore_case_and_punctuation() {
        assertThat(QueryParser.key("  WAL, checkpoint! ")).isEqualTo("wal checkpoint");
    }

    @Test
    void the_semantic_branch_embeds_the_query_without_its_exclusions() {
        assertThat(QueryParser.withoutExclusions("bread -sourdough")).isEqualTo("bread");
        assertThat(QueryParser.withoutExclusions("-\"starter care\" bread -rye")).isEqualTo("bread");
        assertThat(QueryParser.withoutExclusions("write-ahead log")).isEqualTo("write-ahead log");
        assertThat(QueryParser.withoutExclusions("-only")).isEqualTo("-only");
    }
}
