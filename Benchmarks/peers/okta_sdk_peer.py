#!/usr/bin/env python3
"""The peer: the Dialpad phone-number setup scripted the way a competent admin would,
with Okta's own Python SDK (the `okta` package, 3.x).

It makes the same reads as dialpad-okta's Observer and the same writes as its Executor
run unattended (`apply --yes`): the same partial schema updates, mapping update and
read-back verification, and no pre-write re-read. It runs independent calls concurrently
with asyncio.gather, so that the benchmark compares two implementations of the same
work, not two amounts of work.
Every call is one of the SDK's typed methods. Lists are read one page deep (limit=200,
500 for the users sample), but the app list, which the profile-source count follows to
its end when the mappings fill more than a page, as the Observer does.

    okta_sdk_peer.py inspect|apply     (reads OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN)

Prints one JSON object on stdout: the app, each step's state, and the writes made.
"""

import asyncio
import json
import urllib.request
import os
import sys
import time

STARTED = time.perf_counter()
from okta.client import Client  # noqa: E402 (timed: the SDK's import is part of what an admin waits for)
from okta.models import ProfileMappingRequest, UserSchema  # noqa: E402
from okta.pagination import PaginationHelper  # noqa: E402

IMPORTED = time.perf_counter()

ATTRIBUTE = "dialpadPhone"
TITLE = "Dialpad Phone"
EXTERNAL_NAME = "phoneNumbers.^[type=='Dialpad'].value"
EXTERNAL_NAMESPACE = "urn:ietf:params:scim:schemas:core:2.0:User"
EXPRESSION = "appuser." + ATTRIBUTE
MAX_CONCURRENT_READS = 32
READ_BACK_ATTEMPTS = 5


class PeerError(Exception):
    pass


def checked(result):
    """SDK calls answer (data, response, error); an admin's script stops on the error."""
    data, _, error = result
    if error is not None:
        raise PeerError(str(error))
    return data


def plain(value):
    """A schema as the JSON Okta sent, without the unset fields the SDK's models add."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return getattr(value, "value", value)


def custom_properties(schema):
    schema = schema or {}
    return (((schema.get("definitions") or {}).get("custom") or {}).get("properties")) or {}


def app_json(app):
    return {"id": app.id, "label": app.label, "name": app.name, "features": list(app.features or [])}


def mapping_json(mapping):
    """A mapping, or a list entry of one (which carries no properties)."""
    properties = getattr(mapping, "properties", None) or {}
    return {"id": mapping.id, "source": {"id": mapping.source.id, "type": mapping.source.type},
            "properties": {k: {"expression": v.expression, "pushStatus": getattr(v.push_status, "value", v.push_status)}
                           for k, v in properties.items()}}


def partial_schema(attribute):
    """A schema update that touches one attribute, as Okta documents partial updates."""
    return {"definitions": {"custom": {"id": "#custom", "type": "object", "required": [],
                                       "properties": {ATTRIBUTE: attribute}}}}


class Peer:
    def __init__(self, client):
        self.client = client
        self.reads = asyncio.Semaphore(MAX_CONCURRENT_READS)

    # Reads

    async def find_app(self):
        apps = [app_json(a) for a in checked(await self.client.list_applications(q="Dialpad", limit=200))]
        found = [a for a in apps if (a.get("label") or "").lower().startswith("dialpad")
                 or (a.get("name") or "").lower().startswith("dialpad")]
        if len(found) > 1:
            raise PeerError("several Dialpad apps: " + ", ".join(a["id"] for a in found))
        return found[0] if found else None

    async def get_app(self, app_id):
        async with self.reads:
            return app_json(checked(await self.client.get_application(app_id)))

    async def user_schema(self):
        return plain(checked(await self.client.get_user_schema("default")))

    async def app_schema(self, app_id):
        return plain(checked(await self.client.get_application_user_schema(app_id)))

    async def mapping(self, mapping_id):
        return mapping_json(checked(await self.client.get_profile_mapping(mapping_id)))

    async def inbound_mappings(self, user_type_id):
        return [mapping_json(m) for m in checked(await self.client.list_profile_mappings(target_id=user_type_id, limit=200))]

    async def apps_page(self, after=None):
        """One page of the app list and the cursor of the next (None after the last)."""
        apps, response, error = await (self.client.list_applications(limit=200, after=after) if after
                                       else self.client.list_applications(limit=200))
        if error is not None:
            raise PeerError(str(error))
        return [app_json(a) for a in apps], PaginationHelper.extract_next_cursor(response.headers or {})

    async def rest_of_apps(self, cursor):
        apps = []
        while cursor:
            page, cursor = await self.apps_page(cursor)
            apps += page
        return apps

    async def identity_providers(self):
        """None when the credential may not read them: the count then leaves them out."""
        providers, _, error = await self.client.list_identity_providers(limit=200)
        if error is not None:
            return None
        return [{"id": p.id, "source": bool(p.policy and p.policy.provisioning and p.policy.provisioning.profile_master)}
                for p in providers]

    async def inbound_first_page(self, user_type_id):
        mappings, response, error = await self.client.list_profile_mappings(target_id=user_type_id, limit=200)
        if error is not None:
            raise PeerError(str(error))
        return [mapping_json(m) for m in mappings], PaginationHelper.extract_next_cursor(response.headers or {}) is not None

    async def ours_by_source(self, app_id, user_type_id):
        return [mapping_json(m) for m in checked(await self.client.list_profile_mappings(source_id=app_id, target_id=user_type_id, limit=200))]

    async def app_if_any(self, app_id):
        """A mapping source the app API does not know (an identity provider) is not an app."""
        async with self.reads:
            app, _, error = await self.client.get_application(app_id)
            return None if error is not None else app_json(app)

    async def org_id(self):
        """GET /.well-known/okta-organization (public; the SDK has no call for it)."""
        url = os.environ["OKTA_CLIENT_ORGURL"] + "/.well-known/okta-organization"
        def fetch():
            with urllib.request.urlopen(url, timeout=30) as answer:
                return json.loads(answer.read()).get("id")
        return await asyncio.to_thread(fetch)

    async def users_sample(self, app_id):
        page = checked(await self.client.list_application_users(app_id, limit=500, expand="user"))
        with_number = synced = 0
        for user in page:
            value = (user.profile or {}).get(ATTRIBUTE)
            if value in (None, ""):
                continue
            with_number += 1
            okta_profile = (((user.embedded or {}).get("user") or {}).get("profile")) or {}
            if okta_profile.get(ATTRIBUTE) == value:
                synced += 1
        return {"checked": len(page), "withNumber": with_number, "synced": synced}

    async def observe(self):
        # The API's floor: three dependent waves (see Sources/SetupEngine/Observer.swift).
        app, user_types, user_schema, (apps, apps_cursor), providers = await asyncio.gather(
            self.find_app(), self.client.list_user_types(), self.user_schema(), self.apps_page(),
            self.identity_providers())
        user_types = checked(user_types)
        default_type = next((t for t in user_types if t.default), user_types[0])
        user_type = {"id": default_type.id}
        state = {"app": app, "userSchema": user_schema, "userType": user_type, "appSchema": None,
                 "mapping": None, "otherSources": [], "sample": None}
        if app is None:
            return state
        more_apps = apps_cursor is not None
        reads = [self.app_schema(app["id"]), self.inbound_first_page(user_type["id"])]
        if more_apps:
            reads.append(self.ours_by_source(app["id"], user_type["id"]))
        # The sample also shows users of other user types, which never get the number.
        reads.append(self.users_sample(app["id"]))
        wave2 = await asyncio.gather(*reads)
        state["appSchema"], (inbound, more_mappings) = wave2[0], wave2[1]
        by_source = wave2[2] if more_apps else None
        state["sample"] = wave2[-1]

        ours = next((m for m in (by_source if by_source is not None else inbound) if m["source"]["id"] == app["id"]), None)

        async def our_mapping():
            found = ours
            if found is None and by_source is None and more_mappings:
                found = next(iter(await self.ours_by_source(app["id"], user_type["id"])), None)
            return await self.mapping(found["id"]) if found else None

        async def sourcing_apps():
            if not more_apps or more_mappings:
                return apps + await self.rest_of_apps(apps_cursor)
            provider_ids = {p["id"] for p in providers or []}
            mapped = sorted({m["source"]["id"] for m in inbound if (m["source"].get("type") or "appuser") == "appuser"}
                            - provider_ids - {app["id"]})
            return [a for a in await asyncio.gather(*[self.app_if_any(i) for i in mapped]) if a is not None]

        state["mapping"], every_app = await asyncio.gather(our_mapping(), sourcing_apps())
        state["otherSources"] = [a["id"] for a in every_app if a["id"] != app["id"] and self.is_source(a)] \
            + [p["id"] for p in providers or [] if p["source"]]
        return state

    # What the org shows, step by step

    @staticmethod
    def is_source(app):
        return "PROFILE_MASTERING" in (app.get("features") or [])

    def steps(self, state):
        app = state["app"]
        okta = custom_properties(state["userSchema"]).get(ATTRIBUTE)
        steps = {"okta-attribute": "ok" if okta and okta.get("type") == "string" and okta.get("title") == TITLE
                 and okta.get("description") == TITLE else "missing"}
        if app is None:
            return steps
        attr = custom_properties(state["appSchema"]).get(ATTRIBUTE)
        steps["app-attribute"] = "ok" if attr and attr.get("type") == "string" and attr.get("title") == TITLE \
            and attr.get("description") == TITLE and attr.get("externalName") == EXTERNAL_NAME and attr.get("externalNamespace") == EXTERNAL_NAMESPACE else "missing"
        prop = ((state["mapping"] or {}).get("properties") or {}).get(ATTRIBUTE) or {}
        steps["mapping"] = "ok" if prop.get("expression") == EXPRESSION else "missing"
        if self.is_source(app):
            steps["push-status"] = "ok" if prop.get("pushStatus") == "PUSH" else "missing"
            master = (okta or {}).get("master") or {}
            priority = master.get("priority") or [{}]
            steps["source-priority"] = "ok" if master.get("type") == "OVERRIDE" and priority[0].get("value") == app["id"] else "missing"
        else:
            steps["push-status"] = steps["source-priority"] = "manual"
        return steps

    # Writes

    def writes(self, state):
        """The writes still needed, grouped in batches that may run together
        (never two writes to one schema at once: Okta drops one of them)."""
        steps, app = self.steps(state), state["app"]
        batch = []
        if steps["okta-attribute"] == "missing":
            batch.append("okta-attribute")
        if app and steps.get("app-attribute") == "missing":
            batch.append("app-attribute")
        if batch:
            return batch
        if app and steps.get("mapping") == "missing" and state["mapping"]:
            return ["mapping"]
        if app and self.is_source(app):
            return [s for s in ("push-status", "source-priority") if steps[s] == "missing"]
        return []

    def body(self, step, state):
        app = state["app"]
        if step == "okta-attribute":
            attribute = dict(custom_properties(state["userSchema"]).get(ATTRIBUTE) or
                             {"required": False, "permissions": [{"principal": "SELF", "action": "READ_ONLY"}]})
            attribute.update({"title": TITLE, "description": TITLE, "type": "string"})
            return partial_schema(attribute)
        if step == "app-attribute":
            attribute = dict(custom_properties(state["appSchema"]).get(ATTRIBUTE) or {"required": False, "scope": "NONE"})
            attribute.update({"title": TITLE, "description": TITLE, "type": "string", "externalName": EXTERNAL_NAME,
                              "externalNamespace": EXTERNAL_NAMESPACE})
            return partial_schema(attribute)
        if step in ("mapping", "push-status"):
            push = "PUSH" if self.is_source(app) else "DONT_PUSH"
            return {"properties": {ATTRIBUTE: {"expression": EXPRESSION, "pushStatus": push}}}
        if step == "source-priority":
            attribute = dict(custom_properties(state["userSchema"])[ATTRIBUTE])
            attribute["master"] = {"type": "OVERRIDE", "priority": [{"type": "APP", "value": app["id"]}]}
            return partial_schema(attribute)
        raise PeerError(step)

    async def post(self, step, state, body):
        app = state["app"]
        if step in ("okta-attribute", "source-priority"):
            checked(await self.client.update_user_profile("default", UserSchema.from_dict(body)))
        elif step == "app-attribute":
            checked(await self.client.update_application_user_profile(app["id"], UserSchema.from_dict(body)))
        else:
            checked(await self.client.update_profile_mapping(state["mapping"]["id"], ProfileMappingRequest.from_dict(body)))

    async def reread(self, step, state):
        """The one resource a step writes (and what it rests on), read again."""
        state = dict(state)
        app = state["app"]
        if step == "okta-attribute":
            state["userSchema"] = await self.user_schema()
        elif step == "source-priority":
            state["userSchema"], state["app"] = await asyncio.gather(self.user_schema(), self.get_app(app["id"]))
        elif step == "app-attribute":
            state["appSchema"] = await self.app_schema(app["id"])
        elif step == "mapping":
            state["mapping"] = await self.mapping(state["mapping"]["id"])
        elif step == "push-status":
            state["mapping"], state["app"] = await asyncio.gather(self.mapping(state["mapping"]["id"]), self.get_app(app["id"]))
        return state

    async def send(self, step, state):
        await self.post(step, state, self.body(step, state))

    async def verify(self, step, state):
        """Reads back until the step shows; sends again once when Okta acknowledged a write
        it then does not show."""
        for sending in range(2):
            if sending:
                await self.send(step, state)
            for attempt in range(READ_BACK_ATTEMPTS):
                after = await self.reread(step, state)
                if self.steps(after).get(step) == "ok":
                    return step, after
                if attempt < READ_BACK_ATTEMPTS - 1:
                    await asyncio.sleep(0.1 * (1 << attempt))
        raise PeerError(f"{step}: Okta does not show the write")

    @staticmethod
    def merge(state, results):
        state = dict(state)
        for step, after in results:
            if step in ("okta-attribute", "source-priority"):
                state["userSchema"] = after["userSchema"]
            if step == "app-attribute":
                state["appSchema"] = after["appSchema"]
            if step in ("mapping", "push-status"):
                state["mapping"] = after["mapping"]
            if step in ("push-status", "source-priority"):
                state["app"] = after["app"]
        return state

    async def apply(self):
        # Unattended, as `apply --yes`: the observation just made is the read the writes rest on;
        # the admin's roles are not read (only a Super Administrator may list them: REAL-ORGS R28),
        # so Okta answers each write. The org's id is read beside it, as ours reads it for the lock
        # that keeps two runs on one org apart.
        state, _ = await asyncio.gather(self.observe(), self.org_id())
        made, sample_after_attributes = [], None
        attributes = {"okta-attribute", "app-attribute"}
        batch = self.writes(state)
        while batch:
            await asyncio.gather(*[self.send(step, state) for step in batch])
            # The mapping needs its attributes to exist, not to have been read back: it goes out
            # beside their read-back. The attributes change what the users sample shows, so it is
            # read again once they show, beside the mapping's read-back.
            adds_attributes = bool(attributes & set(batch))
            follow = ["mapping"] if adds_attributes and state["mapping"] and self.steps(state).get("mapping") == "missing" else []

            async def verified_then_sampled():
                results = await asyncio.gather(*[self.verify(step, state) for step in batch])
                shown = self.merge(state, results)
                wanted = adds_attributes and shown["app"] and ATTRIBUTE in custom_properties(shown["userSchema"])
                return results, (await self.users_sample(shown["app"]["id"]) if wanted else None)

            async def followed():
                # Read again right before it is written: another admin may have changed it meanwhile.
                reread = state
                for step in follow:
                    reread = await self.reread(step, reread)
                await asyncio.gather(*[self.send(step, reread) for step in follow])
                return await asyncio.gather(*[self.verify(step, state) for step in follow])

            (results, sample), follow_results = await asyncio.gather(verified_then_sampled(), followed())
            if adds_attributes:
                sample_after_attributes = sample
            state = self.merge(state, [*results, *follow_results])
            made += [step for step, _ in [*results, *follow_results]]
            batch = self.writes(state)
        # The users sample was read before the attributes existed: read it again (the mapping,
        # PUSH and the override change no profile value, so after those alone it still holds).
        if attributes & set(made) and state["app"] and ATTRIBUTE in custom_properties(state["userSchema"]):
            state["sample"] = sample_after_attributes or await self.users_sample(state["app"]["id"])
        return state, made


async def main(mode):
    url = os.environ["OKTA_CLIENT_ORGURL"]
    if url.startswith(("http://127.0.0.1:", "http://localhost:", "http://[::1]:")):
        # The SDK's `testing: {testingDisableHttpsCheck: true}` setting, given the only way
        # Client() takes it: its dict argument becomes the `client` section, so `testing`
        # has to come from okta.yaml or, as here, the environment.
        os.environ["OKTA_TESTING_TESTINGDISABLEHTTPSCHECK"] = "true"
    config = {"orgUrl": url, "token": os.environ["OKTA_CLIENT_TOKEN"]}
    async with Client(config) as client:
        peer = Peer(client)
        if mode == "inspect":
            state, made = await peer.observe(), []
        else:
            state, made = await peer.apply()
    print(json.dumps({"app": (state["app"] or {}).get("id"), "steps": peer.steps(state), "writes": made,
                      "otherProfileSources": len(state["otherSources"]), "sample": state["sample"],
                      "importMs": round((IMPORTED - STARTED) * 1000), "workMs": round((time.perf_counter() - IMPORTED) * 1000)}))


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("inspect", "apply"):
        sys.exit("usage: okta_sdk_peer.py inspect|apply")
    try:
        asyncio.run(main(sys.argv[1]))
    except PeerError as error:
        sys.exit(f"peer: {error}")
