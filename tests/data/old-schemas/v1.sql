-- gig database at schema version 1, as gig 1 wrote it. Frozen: never regenerate.
BEGIN TRANSACTION;
CREATE TABLE client (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            name VARCHAR COLLATE NOCASE NOT NULL UNIQUE,
            rate_cents INTEGER,
            currency VARCHAR,
            archived BOOLEAN NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
INSERT INTO "client" VALUES(1,'Acme',9500,'USD',0,1764000000);
INSERT INTO "client" VALUES(2,'Café Müller',8000,'EUR',0,1764000001);
INSERT INTO "client" VALUES(3,'Old Co',NULL,NULL,1,1764000002);
CREATE TABLE entry_tag (
            entry_id INTEGER NOT NULL REFERENCES time_entry (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tag (id),
            PRIMARY KEY (entry_id, tag_id)
        );
INSERT INTO "entry_tag" VALUES(1,1);
INSERT INTO "entry_tag" VALUES(1,2);
INSERT INTO "entry_tag" VALUES(3,3);
INSERT INTO "entry_tag" VALUES(5,2);
CREATE TABLE gig_migration (
            id INTEGER NOT NULL PRIMARY KEY,
            name VARCHAR NOT NULL,
            applied_at INTEGER NOT NULL
        );
INSERT INTO "gig_migration" VALUES(1,'initial: clients, projects, time entries, tags, settings',1763222400);
CREATE TABLE project (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            name VARCHAR COLLATE NOCASE NOT NULL UNIQUE,
            client_id INTEGER REFERENCES client (id),
            rate_cents INTEGER,
            currency VARCHAR,
            billable BOOLEAN NOT NULL DEFAULT 1,
            archived BOOLEAN NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
INSERT INTO "project" VALUES(1,'website',1,NULL,NULL,1,0,1764000000);
INSERT INTO "project" VALUES(2,'admin',NULL,NULL,NULL,0,0,1764000000);
INSERT INTO "project" VALUES(3,'menu',2,9000,'EUR',1,0,1764000000);
INSERT INTO "project" VALUES(4,'legacy',3,NULL,NULL,1,1,1764000000);
CREATE TABLE setting (
            key VARCHAR NOT NULL PRIMARY KEY,
            value VARCHAR NOT NULL
        );
INSERT INTO "setting" VALUES('currency','USD');
INSERT INTO "setting" VALUES('rate','95');
INSERT INTO "setting" VALUES('week-start','sunday');
CREATE TABLE tag (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            name VARCHAR COLLATE NOCASE NOT NULL UNIQUE
        );
INSERT INTO "tag" VALUES(1,'call');
INSERT INTO "tag" VALUES(2,'deep');
INSERT INTO "tag" VALUES(3,'réunion');
CREATE TABLE time_entry (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            project_id INTEGER REFERENCES project (id),
            task_id INTEGER,
            description VARCHAR NOT NULL DEFAULT '',
            start_utc INTEGER NOT NULL,
            end_utc INTEGER,
            tz VARCHAR NOT NULL,
            billable BOOLEAN NOT NULL DEFAULT 1,
            import_key VARCHAR UNIQUE,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
INSERT INTO "time_entry" VALUES(1,1,NULL,'API review',1764003600,1764007200,'America/New_York',1,NULL,1764000000,1764000000);
INSERT INTO "time_entry" VALUES(2,2,NULL,'invoices, mail',1764090000,1764092700,'America/New_York',0,NULL,1764000000,1764000000);
INSERT INTO "time_entry" VALUES(3,3,NULL,'Speisekarte “neu”',1764180000,1764194400,'Europe/Berlin',1,'toggl:4242',1764000000,1764000000);
INSERT INTO "time_entry" VALUES(4,NULL,NULL,'',1764270000,1764270600,'UTC',1,NULL,1764000000,1764000000);
INSERT INTO "time_entry" VALUES(5,1,NULL,'late fix',1764360000,1764370000,'America/New_York',1,'watson:abc',1764000000,1764000000);
CREATE INDEX ix_project_client_id ON project (client_id);
CREATE INDEX ix_time_entry_project_id ON time_entry (project_id);
CREATE INDEX ix_time_entry_start_utc ON time_entry (start_utc);
CREATE INDEX ix_time_entry_end_utc ON time_entry (end_utc);
CREATE UNIQUE INDEX ux_time_entry_running ON time_entry ((end_utc IS NULL))
            WHERE end_utc IS NULL;
CREATE INDEX ix_entry_tag_tag_id ON entry_tag (tag_id);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('client',3);
INSERT INTO "sqlite_sequence" VALUES('project',4);
INSERT INTO "sqlite_sequence" VALUES('time_entry',5);
INSERT INTO "sqlite_sequence" VALUES('tag',3);
COMMIT;
PRAGMA user_version = 1;
