-- Routing, paging and sending keep the directory (channels, people, on-call schedules, escalation policies and
-- the routing document) in memory, and read it again when this version has moved. Every change to one of those
-- tables moves it in the change's own transaction: a reader that sees the new version sees the change.
create table directory_version (
    id      int    primary key check (id = 1),
    version bigint not null
);
insert into directory_version (id, version) values (1, 0);

create function directory_changed() returns trigger language plpgsql as $$
begin
    update directory_version set version = version + 1 where id = 1;
    return null;
end $$;

create trigger channel_changed after insert or update or delete or truncate on channel
    for each statement execute function directory_changed();
create trigger person_changed after insert or update or delete or truncate on person
    for each statement execute function directory_changed();
create trigger on_call_schedule_changed after insert or update or delete or truncate on on_call_schedule
    for each statement execute function directory_changed();
create trigger escalation_policy_changed after insert or update or delete or truncate on escalation_policy
    for each statement execute function directory_changed();
create trigger routing_policy_changed after insert or update or delete or truncate on routing_policy
    for each statement execute function directory_changed();
