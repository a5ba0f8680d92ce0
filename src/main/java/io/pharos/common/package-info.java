/**
 * What every feature shares and that belongs to none: the exception root and its kinds, JSON input reading,
 * pages, ids, secret masking and log-safe text. Depends on nothing in Pharos.
 */
package io.pharos.common;
