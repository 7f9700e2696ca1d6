-- Model telemetry and the built-in monitors (docs/monitors.md).
--
-- Predictions are stored as the accepted batches they arrived in (compact JSON, one row per batch): the
-- monitors read whole windows, never single records, and one row per batch is what lets intake keep up
-- with tens of thousands of records a second. The narrow per-prediction table exists for what needs
-- single records: a retried batch is not counted twice, and labels arriving later find their prediction.

create table prediction_batch (
    batch_id    bigserial    primary key,
    system_id   varchar(100) not null references ai_system (system_id),
    received_at timestamptz  not null,
    first_at    timestamptz  not null,              -- earliest and latest prediction timestamp in the batch
    last_at     timestamptz  not null,
    records     integer      not null,
    body        bytea        not null
);
create index prediction_batch_window on prediction_batch (system_id, last_at);
-- JSON compresses about fivefold; lz4 does it at a fraction of pglz's cost.
alter table prediction_batch alter column body set compression lz4;

-- Byte-wise ("C") collation: ids are compared, never sorted for people, and the locale-aware comparison
-- made claiming a batch's 10,000 ids the slowest step of intake.
create table prediction (
    system_id     varchar(100) collate "C" not null,
    prediction_id varchar(200) collate "C" not null,
    predicted_at  timestamptz  not null,
    primary key (system_id, prediction_id)
);
-- Retention deletes by time; inserts arrive roughly in time order, so a BRIN index costs next to nothing.
create index prediction_age on prediction using brin (predicted_at);

-- Ground truth, joined by prediction id when it arrives; the prediction's time is copied so a window's
-- labels are one range read.
create table prediction_label (
    system_id     varchar(100) collate "C" not null,
    prediction_id varchar(200) collate "C" not null,
    predicted_at  timestamptz  not null,
    label         varchar(200) not null,
    labelled_at   timestamptz  not null,
    primary key (system_id, prediction_id)
);
create index prediction_label_window on prediction_label (system_id, predicted_at);

-- Predictions and errors per minute: the error-rate burn windows (up to six hours) without reading records.
create table prediction_minute (
    system_id varchar(100) not null,
    minute    timestamptz  not null,
    records   bigint       not null,
    errors    bigint       not null,
    primary key (system_id, minute)
);

-- What drift and performance compare against: the reference records themselves (with any labels they had).
create table reference_window (
    system_id   varchar(100) primary key references ai_system (system_id),
    version     bigint       not null,
    source      varchar(20)  not null,              -- RANGE (from/to of stored predictions) or UPLOAD
    window_from timestamptz,
    window_to   timestamptz,
    records     integer      not null,
    labelled    integer      not null,
    body        bytea        not null,
    set_at      timestamptz  not null,
    set_by      varchar(200) not null
);
alter table reference_window alter column body set compression lz4;

-- A system's monitor settings (absent: the defaults).
create table monitor_settings (
    system_id  varchar(100) primary key references ai_system (system_id),
    version    bigint       not null,
    data       jsonb        not null,
    updated_at timestamptz  not null,
    updated_by varchar(200) not null
);

-- When each system is next evaluated; replicas claim due rows with SKIP LOCKED.
create table monitor_schedule (
    system_id          varchar(100) primary key references ai_system (system_id),
    next_evaluation_at timestamptz  not null,
    next_proactive_at  timestamptz  not null
);

-- Each monitor's hysteresis state and last result, per system and monitor key (MONITOR:subject; proactive
-- checks keep their own under proactive/...).
create table monitor_state (
    system_id       varchar(100)     not null,
    monitor_key     varchar(300)     not null,
    monitor         varchar(40)      not null,
    subject         varchar(200)     not null,
    raised          boolean          not null,
    breaches        integer          not null,
    healthy         integer          not null,
    verdict         varchar(20)      not null,
    metric          varchar(100)     not null,
    value           double precision,
    threshold       double precision,
    evidence        jsonb            not null,
    evaluated_at    timestamptz      not null,
    changed_at      timestamptz      not null,
    detection_id    varchar(200),
    correlation_key varchar(300),
    category        varchar(40),
    primary key (system_id, monitor_key)
);

-- Every proactive check, and every evaluation that changed a monitor's state or was asked for by hand:
-- the record that the system was watched, kept even when all was well.
create table monitor_check (
    check_id    bigserial    primary key,
    system_id   varchar(100) not null,
    kind        varchar(20)  not null,              -- SCHEDULED, PROACTIVE or MANUAL
    checked_at  timestamptz  not null,
    window_from timestamptz,
    window_to   timestamptz,
    records     integer      not null,
    breaches    integer      not null,
    raised      integer      not null,
    cleared     integer      not null,
    results     jsonb        not null
);
create index monitor_check_system on monitor_check (system_id, checked_at desc);
