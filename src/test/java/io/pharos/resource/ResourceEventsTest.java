package io.pharos.resource;

import io.pharos.common.Jsons;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceEventsTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = Jsons.mapper();

    @Test
    void changes_publish_events_inside_the_write() throws Exception {
        try (Database db = Database.open(testDb.settings())) {
            new SchemaMigrator(db).upgrade();
            DomainEvents events = new DomainEvents();
            List<String> seen = new ArrayList<>();
            events.subscribe(ResourceEvent.class, (h, e) -> seen.add(e.getClass().getSimpleName() + ":"
                    + h.createQuery("SELECT count(*) FROM resources").mapTo(Long.class).one()));
            var service = new ResourceService(db, new ResourceLookup(db.dialect()), Clock.systemUTC(), events);

            Resource r = service.create(ResourceInput.read(JSON.readTree("{\"title\":\"evented\"}"), true));
            service.patch(r.id(), ResourceInput.read(JSON.readTree("{\"title\":\"again\"}"), false), 1L);
            service.delete(r.id());
            // each handler saw the transaction's own view: the row exists after create, is gone in delete
            assertThat(seen).containsExactly("Created:1", "Updated:1", "Deleted:0");
        }
    }

    @Test
    void a_failing_handler_rolls_the_change_back() throws Exception {
        try (Database db = Database.open(testDb.settings())) {
            new SchemaMigrator(db).upgrade();
            DomainEvents events = new DomainEvents();
            events.subscribe(ResourceEvent.Created.class, (h, e) -> { throw new IllegalStateException("handler down"); });
            var service = new ResourceService(db, new ResourceLookup(db.dialect()), Clock.systemUTC(), events);
            long before = db.read(h -> h.createQuery("SELECT count(*) FROM resources").mapTo(Long.class).one());
            assertThatThrownBy(() -> service.create(ResourceInput.read(JSON.readTree("{\"title\":\"doomed\"}"), true))).hasMessageContaining("handler down");
            long after = db.read(h -> h.createQuery("SELECT count(*) FROM resources").mapTo(Long.class).one());
            assertThat(after).isEqualTo(before);
        }
    }
}
