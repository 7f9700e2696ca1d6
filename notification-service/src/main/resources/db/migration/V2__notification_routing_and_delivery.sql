-- Administration: channels, people, on-call schedules, escalation policies and the routing document. Each row
-- holds its resource as JSON (data); a channel's secret and full URL are sealed (AES-GCM) and never returned.
create table channel (
    id          varchar(40)  primary key,
    name        varchar(200) not null unique,
    data        jsonb        not null,
    sealed_url  text,
    sealed_secret text,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);

create table person (
    id          varchar(100) primary key,
    data        jsonb        not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);

create table on_call_schedule (
    id          varchar(100) primary key,
    data        jsonb        not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);

create table escalation_policy (
    id          varchar(100) primary key,
    data        jsonb        not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);

create table routing_policy (
    id          int          primary key check (id = 1),
    data        jsonb        not null,
    version     bigint       not null,
    updated_at  timestamptz  not null,
    updated_by  varchar(200) not null
);

-- What routing needs to know about incidents and systems, from their topics.
alter table incident_snapshot add column title varchar(300);
alter table incident_snapshot add column description text;
alter table incident_snapshot add column last_update_at timestamptz;
alter table incident_snapshot add column missed_updates int not null default 0;

create table incident_role_holder (
    incident_id  varchar(100) not null,
    role         varchar(40)  not null,
    person_id    varchar(100) not null,
    person_name  varchar(200) not null,
    person_email varchar(320),
    primary key (incident_id, role)
);

create table ai_system (
    id         varchar(100) primary key,
    version    bigint       not null,
    data       jsonb        not null
);

-- One row per message to one recipient on one channel. The idempotency key (incident, cause, recipient,
-- channel) is unique, so a redelivered incident event or a fired timer can never send twice.
create table delivery (
    id               varchar(40)  primary key,
    idempotency_key  varchar(600) not null unique,
    incident_id      varchar(100),
    incident_version bigint,
    reason           varchar(100) not null,
    channel_id       varchar(40)  not null,
    channel_type     varchar(10)  not null,
    recipient        varchar(300) not null,
    address          varchar(320),
    page_id          varchar(40),
    contact_index    int,
    message          jsonb        not null,
    simulation       boolean      not null,
    status           varchar(10)  not null,
    attempts         int          not null default 0,
    next_attempt_at  timestamptz,
    lease_until      timestamptz,
    last_error       text,
    created_at       timestamptz  not null,
    sent_at          timestamptz,
    failed_at        timestamptz
);
create index delivery_due on delivery (channel_type, next_attempt_at) where status = 'PENDING';
create index delivery_by_incident on delivery (incident_id, created_at);

-- A page: one incident's paging of an escalation policy, level by level until someone acknowledges.
create table page (
    id               varchar(40)  primary key,
    incident_id      varchar(100) not null,
    policy_id        varchar(100) not null,
    step             int          not null,
    status           varchar(15)  not null,
    paged_person     varchar(100),
    simulation       boolean      not null,
    paged_at         timestamptz  not null,
    acknowledged_at  timestamptz,
    acknowledged_by  varchar(200),
    escalation_level int          not null default 0
);
create index page_by_incident on page (incident_id);

-- Timers (update cadences, escalations, regulatory deadline reminders) survive restarts: a worker claims
-- due rows with SKIP LOCKED and fires each in the same transaction as its effects, so exactly once.
create table due_timer (
    id          varchar(400) primary key,
    kind        varchar(20)  not null,
    incident_id varchar(100),
    due_at      timestamptz  not null,
    data        jsonb        not null,
    fired_at    timestamptz,
    generation  int          not null default 0
);
create index due_timer_pending on due_timer (due_at) where fired_at is null;

-- Outcomes for aiim.notifications.v1, written with the state change they report and relayed afterwards.
create table notification_outbox (
    seq          bigserial    primary key,
    message_id   varchar(200) not null unique,
    type         varchar(60)  not null,
    message_key  varchar(100) not null,
    occurred_at  timestamptz  not null,
    data         jsonb        not null,
    published_at timestamptz
);
create index notification_outbox_pending on notification_outbox (seq) where published_at is null;
