-- The people directory as notification-service publishes it on aiim.people.v1. Whether a commander is a senior
-- engineering leader (the SEV1/SEV2 rule) is read here, never taken from the request that names them.
create table person_directory (
    person_id     text        primary key,
    name          text        not null,
    senior_leader boolean     not null,
    changed_at    timestamptz not null
);
