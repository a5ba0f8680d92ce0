/**
 * Embedders: the shipped ONNX models run in process, an OpenAI-compatible endpoint, and the WordPiece counter
 * that sizes chunks for the model. Depends on nothing in Pharos but {@code common}.
 */
package io.pharos.search.embed;
