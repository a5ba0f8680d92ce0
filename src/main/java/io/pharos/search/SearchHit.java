package io.pharos.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pharos.resource.Resource;

import java.util.Map;

/** One result: the resource, its best chunk as a highlighted snippet, and (explain=true) why it ranks here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(Resource resource, double score, Long chunkId, String heading, String snippet, Map<String, Object> explain) {}
