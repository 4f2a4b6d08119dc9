-- gig database at schema version 5, as gig 5 wrote it. Frozen: never regenerate.
BEGIN TRANSACTION;
CREATE TABLE alert_shown (
        rule VARCHAR NOT NULL,
        day VARCHAR NOT NULL,
        level VARCHAR NOT NULL,
        message VARCHAR NOT NULL,
        shown_at INTEGER NOT NULL,
        PRIMARY KEY (rule, day)
    );
INSERT INTO "alert_shown" VALUES('long-day','2025-11-25','warn','10h 30m tracked today',1764200000);
INSERT INTO "alert_shown" VALUES('weekend','2025-11-29','info','working on a Saturday',1764400000);
CREATE TABLE client (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            name VARCHAR COLLATE NOCASE NOT NULL UNIQUE,
            rate_cents INTEGER,
            currency VARCHAR,
            archived BOOLEAN NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
INSERT INTO "client" VALUES(1,'Acme Corp',9500,'USD',0,1764000000);
INSERT INTO "client" VALUES(2,'Café Müller',8000,'EUR',0,1764000001);
INSERT INTO "client" VALUES(3,'Old Co',NULL,NULL,1,1764000002);
CREATE TABLE client_alias (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        client_id INTEGER NOT NULL REFERENCES client (id),
        name VARCHAR COLLATE NOCASE NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    );
INSERT INTO "client_alias" VALUES(1,1,'Acme',1764500000);
INSERT INTO "client_alias" VALUES(2,2,'Cafe Mueller',1764500001);
CREATE TABLE entry_tag (
            entry_id INTEGER NOT NULL REFERENCES time_entry (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tag (id),
            PRIMARY KEY (entry_id, tag_id)
        );
INSERT INTO "entry_tag" VALUES(1,1);
INSERT INTO "entry_tag" VALUES(1,2);
INSERT INTO "entry_tag" VALUES(3,3);
INSERT INTO "entry_tag" VALUES(5,2);
CREATE TABLE expense_category (
        "key" VARCHAR NOT NULL PRIMARY KEY,
        label VARCHAR NOT NULL,
        line VARCHAR,
        deductible_pct INTEGER NOT NULL DEFAULT 100,
        created_at INTEGER NOT NULL
    );
INSERT INTO "expense_category" VALUES('coworking','Coworking desk','20b',100,1764000000);
CREATE TABLE focus_block (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        entry_id INTEGER REFERENCES time_entry (id) ON DELETE SET NULL,
        start_utc INTEGER NOT NULL,
        planned_end_utc INTEGER NOT NULL,
        ended_utc INTEGER,
        break_seconds INTEGER NOT NULL DEFAULT 0
    );
INSERT INTO "focus_block" VALUES(1,1,1764003600,1764005100,1764005100,300);
INSERT INTO "focus_block" VALUES(2,NULL,1764050000,1764051500,NULL,0);
CREATE TABLE frog_pick (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    day VARCHAR NOT NULL,
    task_id INTEGER REFERENCES task (id) ON DELETE SET NULL,
    how VARCHAR NOT NULL,
    outcome VARCHAR,
    picked_at INTEGER NOT NULL,
    ended_at INTEGER
);
INSERT INTO "frog_pick" VALUES(1,'2025-11-24',3,'auto','eaten',1764000000,1764009000);
INSERT INTO "frog_pick" VALUES(2,'2025-11-25',1,'chosen',NULL,1764090000,NULL);
CREATE TABLE gig_migration (
            id INTEGER NOT NULL PRIMARY KEY,
            name VARCHAR NOT NULL,
            applied_at INTEGER NOT NULL
        );
INSERT INTO "gig_migration" VALUES(1,'initial: clients, projects, time entries, tags, settings',1763222400);
INSERT INTO "gig_migration" VALUES(2,'balance: alerts shown, focus blocks',1763308800);
INSERT INTO "gig_migration" VALUES(3,'money: receipts and their files, income, mileage, categories',1763395200);
INSERT INTO "gig_migration" VALUES(4,'tasks: triage, history and the frog of each day',1763481600);
INSERT INTO "gig_migration" VALUES(5,'clients: old names kept as aliases',1763568000);
CREATE TABLE income (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        day VARCHAR NOT NULL,
        client_id INTEGER NOT NULL REFERENCES client (id),
        amount_cents INTEGER NOT NULL,
        currency VARCHAR NOT NULL,
        invoice VARCHAR,
        form VARCHAR NOT NULL DEFAULT 'none',
        account VARCHAR,
        note VARCHAR NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
INSERT INTO "income" VALUES(1,'2025-11-28',1,120000,'USD','INV-7','1099-nec','checking','',1764000000,1764000000);
INSERT INTO "income" VALUES(2,'2025-11-30',2,45000,'EUR',NULL,'none',NULL,'bar',1764000000,1764000000);
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
CREATE TABLE receipt (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        day VARCHAR NOT NULL,
        vendor VARCHAR NOT NULL,
        amount_cents INTEGER NOT NULL,
        currency VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        business_pct INTEGER NOT NULL DEFAULT 100,
        paid_with VARCHAR,
        client_id INTEGER REFERENCES client (id),
        note VARCHAR NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
INSERT INTO "receipt" VALUES(1,'2025-11-24','Adobe',5499,'USD','software',100,'visa',NULL,'Creative Cloud',1764000000,1764000000);
INSERT INTO "receipt" VALUES(2,'2025-11-26','Trattoria',8650,'USD','meals',100,NULL,1,'lunch with Acme',1764000000,1764000000);
INSERT INTO "receipt" VALUES(3,'2025-11-27','Desk Club',25000,'EUR','coworking',60,'bank',NULL,'',1764000000,1764000000);
CREATE TABLE receipt_file (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        receipt_id INTEGER NOT NULL REFERENCES receipt (id),
        path VARCHAR NOT NULL UNIQUE,
        sha256 VARCHAR NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        original_name VARCHAR NOT NULL,
        added_at INTEGER NOT NULL
    );
INSERT INTO "receipt_file" VALUES(1,1,'receipts/2025-11/2025-11-24-adobe-54.99.pdf','a66026e424e57a5f91f551868079172b4ff970e58bca784ba81beeae3b9851da',39,'invoice.pdf',1764000000);
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
CREATE TABLE task (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    title VARCHAR NOT NULL,
    important BOOLEAN,
    rank VARCHAR,
    urgent BOOLEAN NOT NULL DEFAULT 0,
    due_on VARCHAR,
    deferred_until VARCHAR,
    estimate_seconds INTEGER,
    client_id INTEGER REFERENCES client (id),
    project_id INTEGER REFERENCES project (id),
    every VARCHAR,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    done_at INTEGER
);
INSERT INTO "task" VALUES(1,'Write the proposal',1,'A',0,'2025-12-05',NULL,7200,1,1,NULL,1764000000,1764000000,NULL);
INSERT INTO "task" VALUES(2,'File receipts',0,NULL,1,NULL,NULL,900,NULL,2,'1 month on 1',1764000000,1764000000,NULL);
INSERT INTO "task" VALUES(3,'Old bug',NULL,NULL,0,NULL,'2025-12-20',NULL,NULL,NULL,NULL,1764000000,1764000000,1764009000);
CREATE TABLE task_event (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    detail VARCHAR NOT NULL DEFAULT ''
);
INSERT INTO "task_event" VALUES(1,1,1764000000,'created','');
INSERT INTO "task_event" VALUES(2,1,1764000100,'triaged','A');
INSERT INTO "task_event" VALUES(3,3,1764009000,'done','');
INSERT INTO "task_event" VALUES(4,2,1764000050,'created','');
CREATE TABLE task_tag (
    task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag (id),
    PRIMARY KEY (task_id, tag_id)
);
INSERT INTO "task_tag" VALUES(1,2);
INSERT INTO "task_tag" VALUES(2,1);
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
INSERT INTO "time_entry" VALUES(1,1,1,'API review',1764003600,1764007200,'America/New_York',1,NULL,1764000000,1764000000);
INSERT INTO "time_entry" VALUES(2,2,NULL,'invoices, mail',1764090000,1764092700,'America/New_York',0,NULL,1764000000,1764000000);
INSERT INTO "time_entry" VALUES(3,3,NULL,'Speisekarte “neu”',1764180000,1764194400,'Europe/Berlin',1,'toggl:4242',1764000000,1764000000);
INSERT INTO "time_entry" VALUES(4,NULL,NULL,'',1764270000,1764270600,'UTC',1,NULL,1764000000,1764000000);
INSERT INTO "time_entry" VALUES(5,1,NULL,'late fix',1764360000,1764370000,'America/New_York',1,'watson:abc',1764000000,1764000000);
CREATE TABLE trip (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        day VARCHAR NOT NULL,
        miles_hundredths INTEGER NOT NULL,
        purpose VARCHAR NOT NULL,
        vehicle VARCHAR,
        commute BOOLEAN NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
INSERT INTO "trip" VALUES(1,'2025-11-25',1250,'client visit Acme','Golf',0,1764000000,1764000000);
INSERT INTO "trip" VALUES(2,'2025-11-26',800,'office',NULL,1,1764000000,1764000000);
CREATE INDEX ix_project_client_id ON project (client_id);
CREATE INDEX ix_time_entry_project_id ON time_entry (project_id);
CREATE INDEX ix_time_entry_start_utc ON time_entry (start_utc);
CREATE INDEX ix_time_entry_end_utc ON time_entry (end_utc);
CREATE UNIQUE INDEX ux_time_entry_running ON time_entry ((end_utc IS NULL))
            WHERE end_utc IS NULL;
CREATE INDEX ix_entry_tag_tag_id ON entry_tag (tag_id);
CREATE INDEX ix_focus_block_planned_end_utc ON focus_block (planned_end_utc);
CREATE INDEX ix_receipt_day ON receipt (day);
CREATE INDEX ix_receipt_category ON receipt (category);
CREATE INDEX ix_receipt_client_id ON receipt (client_id);
CREATE INDEX ix_receipt_file_receipt_id ON receipt_file (receipt_id);
CREATE INDEX ix_income_day ON income (day);
CREATE INDEX ix_income_client_id ON income (client_id);
CREATE INDEX ix_trip_day ON trip (day);
CREATE INDEX ix_task_due_on ON task (due_on);
CREATE INDEX ix_task_client_id ON task (client_id);
CREATE INDEX ix_task_project_id ON task (project_id);
CREATE INDEX ix_task_done_at ON task (done_at);
CREATE INDEX ix_task_tag_tag_id ON task_tag (tag_id);
CREATE INDEX ix_task_event_task_id ON task_event (task_id);
CREATE INDEX ix_frog_pick_day ON frog_pick (day);
CREATE INDEX ix_frog_pick_task_id ON frog_pick (task_id);
CREATE UNIQUE INDEX ux_frog_pick_current ON frog_pick (day) WHERE outcome IS NULL;
CREATE INDEX ix_time_entry_task_id ON time_entry (task_id)
;
CREATE INDEX ix_client_alias_client_id ON client_alias (client_id);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('client',3);
INSERT INTO "sqlite_sequence" VALUES('project',4);
INSERT INTO "sqlite_sequence" VALUES('time_entry',5);
INSERT INTO "sqlite_sequence" VALUES('tag',3);
INSERT INTO "sqlite_sequence" VALUES('focus_block',2);
INSERT INTO "sqlite_sequence" VALUES('receipt',3);
INSERT INTO "sqlite_sequence" VALUES('receipt_file',1);
INSERT INTO "sqlite_sequence" VALUES('income',2);
INSERT INTO "sqlite_sequence" VALUES('trip',2);
INSERT INTO "sqlite_sequence" VALUES('task',3);
INSERT INTO "sqlite_sequence" VALUES('task_event',4);
INSERT INTO "sqlite_sequence" VALUES('frog_pick',2);
INSERT INTO "sqlite_sequence" VALUES('client_alias',2);
COMMIT;
PRAGMA user_version = 5;
