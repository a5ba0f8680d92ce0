package io.pharos.web;

import io.pharos.annotation.Annotation;
import io.pharos.resource.Resource;

import java.util.List;

/** A resource's page: its metadata, its content as paragraphs, and the annotations the caller may see. */
public record ResourceView(Page page, Resource resource, List<String> paragraphs, List<Annotation> annotations) {}
