package io.pharos.ingest;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Title and plain text of a document file. HTML: title from {@code <title>} (else the first heading),
 * text without markup and without page chrome (scripts, styles, navigation, header/footer, forms,
 * elements classed as menus or tables of contents such as {@code nosearch}, hidden elements); block
 * elements end lines, headings become {@code ## heading} lines so chunks follow sections. Markdown:
 * title from the first {@code #} heading. Text: title from the first non-blank line. Else the file name.
 */
public final class DocumentText {

    public record Extracted(String title, String text) {}

    private static final String CHROME = "script, style, noscript, template, nav, header, footer, form, select, button, "
            + "iframe, object, canvas, datalist, dialog, [role=navigation], [hidden], .nosearch, .menu, .mainmenu, .submenu, "
            + ".searchmenu, .navbar, .breadcrumb, .breadcrumbs, .toc, .fancy_toc, .skip-link";
    private static final Pattern HIDDEN = Pattern.compile("display\\s*:\\s*none", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILER = Pattern.compile("\\s*This page last modified on\\s+[^\\n]*?UTC\\s*$");
    private static final java.util.Set<String> BLOCKS = java.util.Set.of("address", "article", "aside", "blockquote", "br",
            "caption", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "hr", "li", "main", "ol", "p",
            "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul");

    private DocumentText() {}

    public static Extracted of(String fileName, String content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".html") || lower.endsWith(".htm")) return html(fileName, content);
        if (lower.endsWith(".md") || lower.endsWith(".markdown")) return markdown(fileName, content);
        return text(fileName, content);
    }

    static Extracted html(String fileName, String content) {
        Document doc = Jsoup.parse(content);
        String title = doc.title().strip();
        doc.select(CHROME).remove();
        doc.select("[style]").stream().filter(e -> HIDDEN.matcher(e.attr("style")).find()).toList().forEach(Node::remove);
        if (title.isEmpty()) {
            Element h = doc.selectFirst("h1, h2, h3");
            title = h == null ? "" : h.text().strip();
        }
        StringBuilder out = new StringBuilder();
        walk(doc.body() == null ? doc : doc.body(), out);
        String text = TRAILER.matcher(out.toString().replaceAll("[ \\t\\x0B\\f\\r]+", " ")
                .replaceAll(" *\\n *", "\n").replaceAll("\\n{3,}", "\n\n").strip()).replaceAll("").strip();
        return new Extracted(title.isEmpty() ? baseName(fileName) : cut(title), text);
    }

    private static void walk(Node node, StringBuilder out) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                out.append(t.getWholeText().replace('\n', ' '));
            } else if (child instanceof Element e) {
                String tag = e.normalName();
                if (tag.matches("h[1-6]")) {
                    String h = e.text().strip();
                    if (!h.isEmpty()) out.append("\n\n").append("#".repeat(tag.charAt(1) - '0')).append(' ').append(h).append("\n\n");
                    continue;
                }
                boolean block = BLOCKS.contains(tag);
                boolean space = tag.equals("text") || tag.equals("tspan") || tag.equals("img") || tag.equals("option");
                if (block) out.append(tag.equals("p") || tag.equals("pre") || tag.equals("table") ? "\n\n" : "\n");
                if (space) out.append(' ');
                walk(e, out);
                if (block) out.append(tag.equals("p") || tag.equals("pre") || tag.equals("table") ? "\n\n" : "\n");
                if (space) out.append(' ');
            }
        }
    }

    static Extracted markdown(String fileName, String content) {
        String title = null;
        for (String line : content.lines().toList()) {
            String s = line.strip();
            if (s.startsWith("# ")) {
                title = s.substring(2).strip();
                break;
            }
        }
        return new Extracted(title == null || title.isEmpty() ? firstLineOr(fileName, content) : cut(title), content.strip());
    }

    static Extracted text(String fileName, String content) {
        return new Extracted(firstLineOr(fileName, content), content.strip());
    }

    private static String firstLineOr(String fileName, String content) {
        return content.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst()
                .map(s -> s.replaceFirst("^#+\\s*", "")).filter(s -> !s.isEmpty()).map(DocumentText::cut).orElse(baseName(fileName));
    }

    private static String cut(String title) {
        return title.length() > 500 ? title.substring(0, 500) : title;
    }

    private static String baseName(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        return cut(name.isEmpty() ? "untitled" : name);
    }
}
