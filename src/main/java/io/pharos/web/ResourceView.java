package io.pharos.web;

import io.pharos.annotation.Annotation;
import io.pharos.collection.Collection;
import io.pharos.resource.Resource;

import java.util.List;

/**
 * A resource's page: its metadata, its content as paragraphs, the annotations the caller may see ({@code me}: the caller), the
 * caller's collections (to add it to one), and after a refused form: why ({@code problem}) and what the
 * user had typed ({@code draft}).
 */
public record ResourceView(Page page, Resource resource, List<Paragraph> paragraphs, List<Annotation> annotations,
                           List<Collection> collections, String problem, Draft draft, io.pharos.auth.UserId me) {

    /** The caller's own annotations (which they may change). */
    public List<Annotation> mine() {
        return annotations.stream().filter(a -> a.userId().equals(me)).toList();
    }

    /** The annotations others shared. */
    public List<Annotation> others() {
        return annotations.stream().filter(a -> !a.userId().equals(me)).toList();
    }

    /** The annotation form's values. */
    public record Draft(String text, String note, boolean shared) {
        static final Draft EMPTY = new Draft("", "", false);
    }
}
