/**
 * The API's description: {@code GET /openapi.json} (OpenAPI 3.1), built from the routes the server actually
 * registered and the catalogue in {@code openapi/catalogue.json} (each operation's summary, body and answer),
 * and the interactive page {@code /api/docs} (Swagger UI from its WebJar, no network needed).
 */
package io.pharos.openapi;
