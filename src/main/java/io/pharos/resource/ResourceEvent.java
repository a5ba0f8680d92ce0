package io.pharos.resource;

/** What happened to a resource; published through {@link io.pharos.event.DomainEvents} inside the write. */
public sealed interface ResourceEvent {
    ResourceId id();

    record Created(Resource resource) implements ResourceEvent {
        public ResourceId id() { return resource.id(); }
    }

    record Updated(Resource before, Resource after) implements ResourceEvent {
        public ResourceId id() { return after.id(); }
    }

    record Deleted(ResourceId id) implements ResourceEvent {}
}
