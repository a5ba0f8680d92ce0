package io.pharos.cli;

import io.pharos.common.Jsons;
import io.pharos.config.Settings;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceLookup;
import io.pharos.search.SearchModule;

import java.time.Clock;

/** The library without HTTP, for commands: database (schema upgraded), resources and search. */
record Library(Database database, ResourceService resources, SearchModule search) implements AutoCloseable {

    static Library open(Settings settings) {
        Database db = Database.open(settings);
        try {
            if (settings.autoMigrate()) new SchemaMigrator(db).upgrade();
            DomainEvents events = new DomainEvents();
            var json = Jsons.mapper();
            var resources = new ResourceService(db, new ResourceLookup(db.dialect()), Clock.systemUTC(), events);
            return new Library(db, resources, SearchModule.create(db, settings.search(), events, Clock.systemUTC(), json));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public void close() {
        search.close();
        database.close();
    }
}
