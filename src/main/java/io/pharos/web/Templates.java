package io.pharos.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders the precompiled jte templates (generated from {@code src/main/jte} by the build). */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    void render(Context ctx, String template, Object view) {
        StringOutput out = new StringOutput();
        engine.render(template, view, out);
        ctx.attribute(io.pharos.http.Problems.PAGE_ANSWER, true);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }
}
