-- Tables every service has (platform-common). Services keep their own migrations in db/migration from V1.

-- Idempotent consumption: one row per (consumer, CloudEvents id) applied, written with the effect.
create table processed_message (
    consumer     varchar(100) not null,
    message_id   varchar(200) not null,
    processed_at timestamptz  not null,
    primary key (consumer, message_id)
);

-- The service clock's offset from real time (game days); exactly one row.
create table platform_clock (
    id             smallint     primary key check (id = 1),
    offset_seconds bigint       not null default 0 check (offset_seconds >= 0),
    version        bigint       not null default 1,
    changed_by     varchar(200),
    changed_at     timestamptz,
    reason         varchar(500)
);
insert into platform_clock (id) values (1);
