package io.pharos.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordPrefixesTest {
    static boolean may(String query, String text) {
        return WordPrefixes.of(text).mayMatch(WordPrefixes.needed(query));
    }

    @Test
    void a_text_without_the_querys_words_is_rejected_before_any_query_runs() {
        assertThat(may("lighthouse keeper", "bread and butter")).isFalse();
        assertThat(may("\"spring tide\"", "spring cleaning")).as("a phrase needs all its words").isFalse();
    }

    @Test
    void words_the_stemmers_would_match_are_let_through() {
        assertThat(may("cries", "the baby cried")).isTrue();
        assertThat(may("cries", "a cry in the night")).isTrue();
        assertThat(may("dying", "plants die")).isTrue();
        assertThat(may("running", "I run")).isTrue();
        assertThat(may("Café", "the cafe")).isTrue();
        assertThat(may("keeper OR baker", "the baker's bread")).as("any term of an OR").isTrue();
    }
}
