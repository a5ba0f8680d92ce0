package io.pharos.web;

import io.pharos.collection.Collection;
import io.pharos.resource.Resource;

import java.util.List;

/** One collection and its first members ({@code more}: there are more than shown). */
public record CollectionView(Page page, Collection collection, String owner, List<Resource> members, boolean more) {}
