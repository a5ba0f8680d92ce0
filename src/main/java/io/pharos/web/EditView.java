package io.pharos.web;

import io.pharos.resource.Resource;

/**
 * The form that edits a resource's metadata: the values shown, the {@code version} they are based on, why
 * the last submit was refused ({@code problem}), and on a conflict the resource as it is now ({@code current}).
 */
public record EditView(Page page, String id, Form form, long version, String problem, Resource current) {

    /** The editable fields, as text ("" for none). */
    public record Form(String title, String description, String creator, String type, String language) {
        static Form of(Resource r) {
            return new Form(r.title(), text(r.description()), text(r.creator()), text(r.type()), text(r.language()));
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }
    }
}
