//! The schema as a ladder of migrations: `PRAGMA user_version` names the last
//! step applied. A new version appends a step; steps are never edited.

/// Migration `i` takes the database from version `i` to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: cards, schedules, the review log, and the files seen at the last sync.
    r#"
    -- Cards are kept narrow (identity, place, marks) so that queues, counts
    -- and stats scan little; their text lives in card_texts.
    CREATE TABLE cards (
        id           INTEGER PRIMARY KEY,
        deck         TEXT    NOT NULL,
        kind         TEXT    NOT NULL CHECK (kind IN ('list', 'cloze')),
        -- Tells apart cards whose key repeats inside one deck (0, 1, ...).
        ordinal      INTEGER NOT NULL DEFAULT 0,
        line         INTEGER NOT NULL,
        family_line  INTEGER NOT NULL,
        retired      INTEGER NOT NULL DEFAULT 0,
        suspended    INTEGER NOT NULL DEFAULT 0,
        changed      INTEGER NOT NULL DEFAULT 0,
        -- 1 while the card has no schedule (never graded); kept by triggers.
        fresh        INTEGER NOT NULL DEFAULT 1,
        added_at     INTEGER NOT NULL   -- Unix seconds
    );
    CREATE INDEX cards_by_deck ON cards (deck, line);
    -- New cards in note order, found without scanning the graded ones.
    CREATE INDEX cards_fresh ON cards (deck, line)
        WHERE fresh = 1 AND retired = 0 AND suspended = 0;

    -- The few cards kept out of reviews, so that counts of active cards
    -- can subtract them instead of scanning every card.
    CREATE INDEX cards_inactive ON cards (id) WHERE retired = 1 OR suspended = 1;

    CREATE TABLE card_texts (
        card_id      INTEGER PRIMARY KEY REFERENCES cards (id),
        context      TEXT    NOT NULL,  -- JSON array of plain text
        question     TEXT    NOT NULL,
        answer       TEXT    NOT NULL,  -- JSON array of plain text
        -- Markdown for display; NULL where it equals the plain text.
        context_md   TEXT,
        question_md  TEXT,
        answer_md    TEXT
    );

    -- A card's SM-2 state; no row while the card is new.
    CREATE TABLE schedules (
        card_id      INTEGER PRIMARY KEY REFERENCES cards (id),
        ef           INTEGER NOT NULL,  -- hundredths: 2.5 is 250
        interval     INTEGER NOT NULL,
        repetitions  INTEGER NOT NULL,
        lapses       INTEGER NOT NULL,
        due          INTEGER NOT NULL,  -- day number
        last_day     INTEGER NOT NULL,  -- day of the last grade that counted
        first_day    INTEGER NOT NULL   -- day of the first grade: when it stopped being new
    );
    CREATE INDEX schedules_by_due ON schedules (due);
    CREATE TRIGGER schedules_graded AFTER INSERT ON schedules BEGIN
        UPDATE cards SET fresh = 0 WHERE id = NEW.card_id;
    END;
    CREATE TRIGGER schedules_ungraded AFTER DELETE ON schedules BEGIN
        UPDATE cards SET fresh = 1 WHERE id = OLD.card_id
            AND NOT EXISTS (SELECT 1 FROM schedules WHERE card_id = OLD.card_id);
    END;
    CREATE INDEX schedules_by_first_day ON schedules (first_day);
    CREATE INDEX schedules_by_ef ON schedules (ef, lapses);
    CREATE INDEX schedules_by_lapses ON schedules (lapses);

    -- Every grade ever given. Append-only, but for undo in a session.
    CREATE TABLE reviews (
        id           INTEGER PRIMARY KEY,
        card_id      INTEGER NOT NULL REFERENCES cards (id),
        at           INTEGER NOT NULL,  -- Unix seconds
        day          INTEGER NOT NULL,  -- day number the grade belongs to
        grade        INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
        -- Whether it changed the schedule (the first grade of the card that day).
        counted      INTEGER NOT NULL,
        -- Interval before this grade, so stats can tell mature-card reviews.
        prev_interval INTEGER NOT NULL,
        millis       INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX reviews_by_card ON reviews (card_id, id, at);
    -- Cover the stats queries, so they read indexes, not the log itself.
    CREATE INDEX reviews_by_day ON reviews (day, millis, card_id);
    CREATE INDEX reviews_of_mature ON reviews (card_id, day, grade)
        WHERE prev_interval >= 21;

    -- Small facts about the database as a whole, such as the card
    -- generator's options at the last sync.
    CREATE TABLE meta (
        key          TEXT    PRIMARY KEY,
        value        TEXT    NOT NULL
    ) WITHOUT ROWID;

    -- Running totals of the review log, kept by triggers, so that `stats`
    -- and `cards` read a few rows instead of a million: per day (all grades,
    -- time, grades of mature cards and how many passed), and per card (all
    -- grades, the last one's time, grades while mature and how many passed).
    CREATE TABLE review_days (
        day            INTEGER PRIMARY KEY,
        reviews        INTEGER NOT NULL,
        millis         INTEGER NOT NULL,
        mature         INTEGER NOT NULL,
        mature_passed  INTEGER NOT NULL
    );
    CREATE TABLE card_reviews (
        card_id        INTEGER PRIMARY KEY REFERENCES cards (id),
        reviews        INTEGER NOT NULL,
        last_at        INTEGER,
        mature         INTEGER NOT NULL,
        mature_passed  INTEGER NOT NULL
    );
    CREATE TRIGGER reviews_added AFTER INSERT ON reviews BEGIN
        INSERT INTO review_days (day, reviews, millis, mature, mature_passed)
            VALUES (NEW.day, 1, NEW.millis, NEW.prev_interval >= 21,
                    NEW.prev_interval >= 21 AND NEW.grade >= 3)
            ON CONFLICT (day) DO UPDATE SET
                reviews = reviews + 1,
                millis = millis + excluded.millis,
                mature = mature + excluded.mature,
                mature_passed = mature_passed + excluded.mature_passed;
        INSERT INTO card_reviews (card_id, reviews, last_at, mature, mature_passed)
            VALUES (NEW.card_id, 1, NEW.at, NEW.prev_interval >= 21,
                    NEW.prev_interval >= 21 AND NEW.grade >= 3)
            ON CONFLICT (card_id) DO UPDATE SET
                reviews = reviews + 1,
                last_at = max(coalesce(last_at, excluded.last_at), excluded.last_at),
                mature = mature + excluded.mature,
                mature_passed = mature_passed + excluded.mature_passed;
    END;
    CREATE TRIGGER reviews_removed AFTER DELETE ON reviews BEGIN
        UPDATE review_days SET
            reviews = reviews - 1,
            millis = millis - OLD.millis,
            mature = mature - (OLD.prev_interval >= 21),
            mature_passed = mature_passed - (OLD.prev_interval >= 21 AND OLD.grade >= 3)
            WHERE day = OLD.day;
        UPDATE card_reviews SET
            reviews = reviews - 1,
            last_at = (SELECT max(at) FROM reviews WHERE card_id = OLD.card_id),
            mature = mature - (OLD.prev_interval >= 21),
            mature_passed = mature_passed - (OLD.prev_interval >= 21 AND OLD.grade >= 3)
            WHERE card_id = OLD.card_id;
    END;
    CREATE TRIGGER reviews_changed AFTER UPDATE OF day, grade, prev_interval, millis, at
        ON reviews BEGIN
        UPDATE review_days SET
            reviews = reviews - 1,
            millis = millis - OLD.millis,
            mature = mature - (OLD.prev_interval >= 21),
            mature_passed = mature_passed - (OLD.prev_interval >= 21 AND OLD.grade >= 3)
            WHERE day = OLD.day;
        UPDATE card_reviews SET
            reviews = reviews - 1,
            last_at = (SELECT max(at) FROM reviews WHERE card_id = OLD.card_id),
            mature = mature - (OLD.prev_interval >= 21),
            mature_passed = mature_passed - (OLD.prev_interval >= 21 AND OLD.grade >= 3)
            WHERE card_id = OLD.card_id;
        INSERT INTO review_days (day, reviews, millis, mature, mature_passed)
            VALUES (NEW.day, 1, NEW.millis, NEW.prev_interval >= 21,
                    NEW.prev_interval >= 21 AND NEW.grade >= 3)
            ON CONFLICT (day) DO UPDATE SET
                reviews = reviews + 1,
                millis = millis + excluded.millis,
                mature = mature + excluded.mature,
                mature_passed = mature_passed + excluded.mature_passed;
        INSERT INTO card_reviews (card_id, reviews, last_at, mature, mature_passed)
            VALUES (NEW.card_id, 1, NEW.at, NEW.prev_interval >= 21,
                    NEW.prev_interval >= 21 AND NEW.grade >= 3)
            ON CONFLICT (card_id) DO UPDATE SET
                reviews = reviews + 1,
                last_at = max(coalesce(last_at, excluded.last_at), excluded.last_at),
                mature = mature + excluded.mature,
                mature_passed = mature_passed + excluded.mature_passed;
    END;

    CREATE TABLE files (
        deck         TEXT    PRIMARY KEY,
        size         INTEGER NOT NULL,
        mtime_ns     INTEGER NOT NULL,
        hash         INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 2: the shared journal (docs/design.md §10). The device id, the next
    // event sequence and the byte length of this device's file as last
    // written are `meta` rows (`device_id`, `journal_seq`, `journal_bytes`).
    r#"
    -- Every journal event this database knows, its own and other devices',
    -- as its line: a merge is the union of these, so an event whose card is
    -- not here yet stays and applies once the card comes.
    CREATE TABLE journal_events (
        id           TEXT    PRIMARY KEY,
        line         TEXT    NOT NULL
    ) WITHOUT ROWID;
    -- The journal event of each review row that has one: this device's
    -- grades once journaled (own = 1) and grades merged from other devices
    -- (own = 0). review_id is NULL once this device undid the grade and the
    -- undo is not yet journaled.
    CREATE TABLE review_events (
        event        TEXT    PRIMARY KEY,
        review_id    INTEGER UNIQUE,
        own          INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- How far each other device's file has been read, in bytes.
    CREATE TABLE journal_reads (
        file         TEXT    PRIMARY KEY,
        offset       INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- This device's lines not yet written to its file, by sequence.
    CREATE TABLE journal_outbox (
        seq          INTEGER PRIMARY KEY,
        line         TEXT    NOT NULL
    );
    -- Each card name's suspended mark as of the last merge, so that a sync
    -- tells a local suspend (the card differs from it) from a merged one.
    CREATE TABLE journal_marks (
        card         TEXT    PRIMARY KEY,
        suspended    INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 3: the journal at scale (docs/design.md §10). Each card carries its
    // journal name, and each event its kind, card and undone event, so that
    // a merge reads only the events of the cards it touches. Names are 16
    // hex digits, as events write them, so that the events of version 2 are
    // indexed here in SQL; cards of version 2 get their names at the first
    // merge (the name is a hash the store's caller computes).
    r#"
    ALTER TABLE cards ADD COLUMN name TEXT;
    -- No partial indexes on names here: SQLite prepares a statement again
    -- for every new value bound to a column that a partial index's
    -- condition names, and a merge looks up thousands of names in a row.
    CREATE INDEX cards_by_name ON cards (name);
    -- Every name a card had before its current one (a rename, a move, a
    -- revival under a new key), and whether its identity event has been
    -- journaled yet.
    CREATE TABLE card_aliases (
        name         TEXT    NOT NULL,
        card_id      INTEGER NOT NULL REFERENCES cards (id),
        to_name      TEXT    NOT NULL,
        why          TEXT    NOT NULL,
        at           INTEGER NOT NULL,
        journaled    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (name, card_id)
    ) WITHOUT ROWID;
    CREATE INDEX card_aliases_by_journaled ON card_aliases (journaled);
    ALTER TABLE journal_events ADD COLUMN kind TEXT;
    ALTER TABLE journal_events ADD COLUMN card TEXT;
    ALTER TABLE journal_events ADD COLUMN target TEXT;
    UPDATE journal_events SET
        kind = json_extract(line, '$.k'),
        card = CASE WHEN json_extract(line, '$.k') IN ('grade', 'suspend', 'unsuspend')
                    THEN json_extract(line, '$.c') END,
        target = json_extract(line, '$.u');
    CREATE INDEX journal_events_by_card ON journal_events (card);
    CREATE INDEX journal_events_by_target ON journal_events (target);
    CREATE INDEX journal_events_identities ON journal_events (kind) WHERE kind = 'identity';
    -- Lines read so far, so that an error names the right line of a file
    -- read piece by piece; NULL where version 2 did not count them.
    ALTER TABLE journal_reads ADD COLUMN lines INTEGER;
    -- Card names the journal speaks of that name no card here yet.
    CREATE TABLE journal_pending (
        card         TEXT    PRIMARY KEY
    ) WITHOUT ROWID;
    -- Cards whose suspended mark changed since the last merge, so that a
    -- merge journals those and reads no other card.
    CREATE TABLE journal_suspends (
        card_id      INTEGER PRIMARY KEY
    );
    CREATE TRIGGER cards_suspend_journal AFTER UPDATE OF suspended ON cards
        WHEN OLD.suspended IS NOT NEW.suspended BEGIN
        INSERT OR IGNORE INTO journal_suspends (card_id) VALUES (NEW.id);
    END;
    -- Review rows up to meta's journal_reviews have all been journaled
    -- (or merged); a deleted row's id may be given again, so the mark
    -- steps back below it.
    CREATE TRIGGER reviews_journal_mark AFTER DELETE ON reviews BEGIN
        UPDATE meta SET value = CAST(OLD.id - 1 AS TEXT)
            WHERE key = 'journal_reviews' AND CAST(value AS INTEGER) >= OLD.id;
    END;
    "#,
    // 4: typed answers and practice (docs/design.md §12). A typed review
    // keeps the grade its comparison proposed beside the grade given (NULL:
    // not typed). Practice grades (`recall cram`) are not reviews: they live
    // apart, so no replay, schedule, stat of reviews or journal reads them.
    r#"
    ALTER TABLE reviews ADD COLUMN proposed INTEGER CHECK (proposed BETWEEN 0 AND 5);
    -- Stats read the typed reviews alone, not the whole log.
    CREATE INDEX reviews_typed ON reviews (card_id, grade, proposed)
        WHERE proposed IS NOT NULL;
    CREATE TABLE practice (
        id           INTEGER PRIMARY KEY,
        card_id      INTEGER NOT NULL REFERENCES cards (id),
        at           INTEGER NOT NULL,  -- Unix seconds
        day          INTEGER NOT NULL,
        grade        INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
        proposed     INTEGER CHECK (proposed BETWEEN 0 AND 5)
    );
    CREATE INDEX practice_by_card ON practice (card_id, at);
    "#,
    // 5: journal names only where they are used, and the review log's
    // totals kept without triggers (docs/design.md §7, §10). A
    // database that has never shared (no device id) keeps no names, so the
    // name index holds only named cards and a sync that makes cards
    // without names does not touch it. The partial index's condition,
    // `IS NOT NULL`, is implied by every lookup `name = ?`, which SQLite
    // proves without looking at the value bound, so statements are not
    // prepared again per name.
    r#"
    DROP INDEX cards_by_name;
    UPDATE cards SET name = NULL
        WHERE name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'device_id');
    DELETE FROM card_aliases WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'device_id');
    -- Covering what a merge asks of a name (store/journal.rs), so that
    -- finding a grade's card reads no row of the table.
    CREATE INDEX cards_named ON cards (name, retired, suspended) WHERE name IS NOT NULL;
    -- The review log's running totals are kept by the store from here on
    -- (store/totals.rs): a statement that fires a trigger makes SQLite
    -- copy each page it touches to a statement journal, which made every
    -- review written, merged ones above all, several times dearer.
    DROP TRIGGER reviews_added;
    DROP TRIGGER reviews_removed;
    DROP TRIGGER reviews_changed;
    -- Events by card move from an index to a table of their own, written
    -- in the order of cards once per batch of events (store/journal.rs),
    -- so a merge of many grades sweeps it once instead of writing a page
    -- of an index per grade; events that undo no other are left out of the
    -- index of undone events, which only undos need.
    CREATE TABLE journal_cards (
        card         TEXT    NOT NULL,
        event        TEXT    NOT NULL,
        PRIMARY KEY (card, event)
    ) WITHOUT ROWID;
    INSERT INTO journal_cards (card, event)
        SELECT card, id FROM journal_events WHERE card IS NOT NULL ORDER BY card, id;
    DROP INDEX journal_events_by_card;
    ALTER TABLE journal_events DROP COLUMN card;
    DROP INDEX journal_events_by_target;
    CREATE INDEX journal_events_undoing ON journal_events (target) WHERE target IS NOT NULL;
    "#,
    // 6: FSRS beside SM-2 (docs/design.md §11). A schedule keeps FSRS's
    // memory of its card (NULL under SM-2) beside the fields both
    // schedulers fill; `meta` names the scheduler that computed the
    // schedules (`scheduler`, absent: SM-2) and the weights `optimize`
    // fitted (`fsrs_params`).
    r#"
    ALTER TABLE schedules ADD COLUMN stability REAL;
    ALTER TABLE schedules ADD COLUMN difficulty REAL;
    -- Under FSRS the hardest cards are the most difficult (stats); under
    -- SM-2 the index stays empty. No statement binds a value to compare
    -- with difficulty, so this partial index makes none prepare again.
    CREATE INDEX schedules_by_difficulty ON schedules (difficulty)
        WHERE difficulty IS NOT NULL;
    -- A card's reviews by time, with what a replay reads: the whole log
    -- card by card from the index alone (the replay after a change of
    -- scheduler, calibration, the optimizer). It replaces the index by card
    -- and id under the same name, which every lookup by card still finds,
    -- so a review written costs no more than before.
    DROP INDEX reviews_by_card;
    CREATE INDEX reviews_by_card ON reviews (card_id, at, day, grade);
    "#,
    // 7: what an answer holds besides its items (docs/design.md §14.1): a
    // heading card's lead and an item card's details, each a JSON list of
    // blocks (store/blocks.rs), NULL when there are none, so a card without
    // them costs nothing more.
    r#"
    ALTER TABLE card_texts ADD COLUMN lead TEXT;
    ALTER TABLE card_texts ADD COLUMN details TEXT;
    "#,
    // 8: the daily workload (docs/design.md §15). A review keeps the days
    // the load balancer moved its card's due day by from the interval the
    // grade gave (NULL: not moved), which every replay reproduces.
    r#"
    ALTER TABLE reviews ADD COLUMN due_offset INTEGER
        CHECK (due_offset BETWEEN -36500 AND 36500);
    -- The log by card carries the offsets, so that a replay of every card
    -- still reads this index alone, never the log's table.
    DROP INDEX reviews_by_card;
    CREATE INDEX reviews_by_card ON reviews (card_id, at, day, grade, due_offset);
    -- What the daily limit ranks due cards by (SM-2: days overdue against
    -- the interval; FSRS: retrievability, from the last day and the
    -- stability), read with the due cards from this index alone. Every
    -- grade rewrites a schedule's entry here already, as it moves the due
    -- day, so the wider entry costs no write of its own. The card comes
    -- second, so that the cards of a day come in the order they always
    -- did (the queue's shuffle starts from it).
    DROP INDEX schedules_by_due;
    CREATE INDEX schedules_by_due ON schedules (due, card_id, interval, last_day, stability);
    "#,
];

/// The schema version this binary writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Marks a database as ours, so a foreign SQLite file is not mistaken for one.
pub const APPLICATION_ID: i64 = 0x7263_6c6c; // "rcll"
