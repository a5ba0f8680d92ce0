package io.pharos.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pharos.resource.Resource;

import java.util.Map;

/**
 * One result: the resource, its best chunk as a highlighted snippet under its section {@code heading}, and
 * (explain=true) why it ranks here. {@code source} (the resource's source path) and {@code heading} tell
 * apart two pages of the same title.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(Resource resource, double score, Long chunkId, String heading, String snippet, Map<String, Object> explain) {

    @JsonProperty("source")
    public String source() {
        return resource.source();
    }
}
