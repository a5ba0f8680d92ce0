package io.pharos.web;

import io.pharos.auth.ApiKey;

import java.util.List;

/** The caller's API keys; {@code created}: the text of a key just made (shown this once), {@code problem}: why a form was refused. */
public record KeysView(Page page, List<ApiKey> keys, String created, String createdName, String problem) {}
