-- The AI-system registry (published whole to the compacted aiim.ai-systems.v1 on every change) and the
-- integrations that may send alerts: their bearer token is stored only as a hash, their signing secret
-- encrypted with the service's key (it is needed to check signatures).

create table ai_system (
    system_id  varchar(100) primary key,
    version    bigint       not null,
    data       jsonb        not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null,
    updated_by varchar(200) not null
);

create table integration (
    integration_id varchar(64)  primary key,
    name           varchar(200) not null,
    type           varchar(40)  not null,
    system_id      varchar(100) references ai_system (system_id),
    token_hash     char(64)     not null unique,
    token_hint     varchar(20)  not null,
    signing_secret text         not null,
    rules          jsonb        not null,             -- how labels map to category, severity, system
    status         varchar(20)  not null,
    created_at     timestamptz  not null,
    created_by     varchar(200) not null,
    rotated_at     timestamptz,
    revoked_at     timestamptz
);
create index integration_type on integration (type, status);

-- Deduplication: a repeat of a firing alert within the window is counted, not sent again; a resolution
-- closes the detection it resolves.
alter table raised_detection add column repeats integer not null default 0;
alter table raised_detection add column resolved_at timestamptz;
