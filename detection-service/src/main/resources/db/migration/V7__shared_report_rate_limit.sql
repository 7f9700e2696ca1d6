-- The report rate limit is shared by every replica: each admitted report leaves a row under a hash of the
-- client's address (never the address itself), and a client with as many rows in the window as the limit waits.
create table report_admission (
    id          bigserial   primary key,
    client_key  text        not null,
    admitted_at timestamptz not null
);
create index report_admission_client on report_admission (client_key, admitted_at);
create index report_admission_age on report_admission (admitted_at);
