/**
 * Settings: defaults, {@code .env}, environment and flags, validated once into records; {@code DatabaseUrl}
 * parsing and masking. Depends on {@code common} only.
 */
package io.pharos.config;
