-- The people directory (id, name, senior leader) is published on aiim.people.v1 with every change, through the
-- outbox. People registered before that are queued once here, so that incident-service learns of them too.
insert into notification_outbox (message_id, type, message_key, occurred_at, data)
select 'person-directory-start:' || id, 'person.registered.v1', id, now(),
       jsonb_build_object(
           'person', jsonb_build_object('id', id, 'name', data ->> 'name',
                                        'seniorLeader', coalesce((data ->> 'seniorLeader')::boolean, false)),
           'changedBy', 'notification-service',
           'changedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
from person
order by id;
