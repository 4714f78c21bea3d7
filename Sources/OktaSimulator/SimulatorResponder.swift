import Foundation
import Hummingbird
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

// MARK: - HTTP

/// Keeps the connection at hand, so a `drop` fault can close it without an answer.
struct SimulatorContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorContext
    let core: SimulatorCore

    static let linkName = HTTPFields.Element.Name("Link")!
    static let requestIdName = HTTPFields.Element.Name("X-Okta-Request-Id")!
    static let limitName = HTTPFields.Element.Name("X-Rate-Limit-Limit")!
    static let remainingName = HTTPFields.Element.Name("X-Rate-Limit-Remaining")!
    static let resetName = HTTPFields.Element.Name("X-Rate-Limit-Reset")!

    static func errorBody(_ e: APIError) -> JSON {
        [
            "errorCode": .string(e.code), "errorSummary": .string(e.summary), "errorLink": .string(e.code),
            "errorId": .string(IDs.random(prefix: "oae", length: 25)),
            "errorCauses": .array(e.causes.map { ["errorSummary": .string($0)] }),
        ]
    }

    static func bucket(_ seg: [String]) -> String {
        // seg starts with "api", "v1"
        if seg.count >= 3 && seg[2] == "apps" {
            return seg.count == 4 ? "/api/v1/apps/{id}" : "/api/v1/apps"
        }
        return "/api/v1"
    }

    static func rateLimitHeaders(_ headers: inout HTTPFields, limit: Int, reset: Int) {
        headers[SimulatorResponder.limitName] = String(limit)
        headers[SimulatorResponder.remainingName] = "0"
        headers[SimulatorResponder.resetName] = String(reset)
    }

    /// The answer a 5xx fault sends: Okta's own 500, or the page of a proxy in front of it.
    static func serverErrorAnswer(_ variant: Int, headers: inout HTTPFields) -> (status: Int, text: String) {
        switch variant {
        case 0:
            return (500, errorBody(APIError(status: 500, code: "E0000009", summary: "Internal Server Error")).serialized())
        case 1:
            headers[.contentType] = "text/html"
            return (502, ProxyPages.badGateway)
        default:
            headers[.contentType] = "text/html"
            return (504, ProxyPages.gatewayTimeout)
        }
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let startedAt = await core.msSinceStart()
        let method = request.method.rawValue
        let path = request.uri.path
        let rawQuery = request.uri.query ?? ""
        let seg = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[SimulatorResponder.requestIdName] = IDs.random(prefix: "", length: 27)

        if seg == ["oauth2", "v1", "token"] {
            return await tokenEndpoint(request, headers: headers, startedAt: startedAt)
        }
        if seg == [".well-known", "okta-organization"] {
            return await organizationMetadata(request, headers: headers, startedAt: startedAt,
                                              httpVersion: context.channel.parent?.parent == nil ? "1.1" : "2")
        }
        let isSim = seg.first == "simulator"
        var admitted = false
        var status = 200
        var body: JSON = .null
        var text: String?
        var fault: FaultDecision?
        var applied = false
        var hangUp = false
        if !isSim {
            switch await core.admit(bucket: SimulatorResponder.bucket(seg)) {
            case .ok(let limit, let remaining, let reset):
                admitted = true
                headers[SimulatorResponder.limitName] = String(limit)
                headers[SimulatorResponder.remainingName] = String(remaining)
                headers[SimulatorResponder.resetName] = String(reset)
            case .overRate(let limit, let reset):
                Self.rateLimitHeaders(&headers, limit: limit, reset: reset)
                status = 429
            case .overConcurrency(let reset):
                Self.rateLimitHeaders(&headers, limit: 0, reset: reset)
                status = 429
            }
            if status != 429 { fault = await core.decideFault(method: method, path: path) }
        }
        if let fault, fault.kind == .rateLimit {
            let limit = Int(headers[SimulatorResponder.limitName] ?? "") ?? 100
            Self.rateLimitHeaders(&headers, limit: limit, reset: Int(Date().timeIntervalSince1970) + 1)
            status = 429
        }
        if status == 429 {
            body = SimulatorResponder.errorBody(APIError(status: 429, code: "E0000047",
                                                         summary: "API call exceeded rate limit due to too many requests."))
        } else if let fault, fault.kind == .serverError, !fault.afterApplying {
            (status, text) = Self.serverErrorAnswer(fault.variant, headers: &headers)
        } else if let fault, fault.kind == .drop, !fault.afterApplying {
            hangUp = true
        } else if !isSim, await core.checkpoint(method: method, path: path, moment: .arrived) {
            hangUp = true
        } else {
            if core.latencyMs > 0 { try? await Task.sleep(for: .milliseconds(core.latencyMs)) }
            if fault?.kind == .slow { try? await Task.sleep(for: .milliseconds(core.slowFaultMs)) }
            do {
                let bodyData = try await request.body.collect(upTo: 32 * 1024 * 1024)
                let serviceApp = try await checkCredentials(request, path: path)
                let result = try await handle(method: request.method, seg: seg, query: Query(rawQuery),
                                              rawQuery: rawQuery, body: Data(buffer: bodyData),
                                              auth: request.headers[.authorization], serviceApp: serviceApp, headers: &headers,
                                              keepingWrites: fault?.kind != .dropSchemaWrite)
                body = result
                applied = request.method != .get && fault?.kind != .dropSchemaWrite
            } catch let e as OAuthFailure {
                status = e.status
                if let challenge = e.challenge { headers[SimulatorResponder.authenticateName] = challenge }
                if let nonce = e.nonce { headers[SimulatorResponder.nonceName] = nonce }
                switch e.status {
                case 401: body = SimulatorResponder.errorBody(APIError(status: 401, code: "E0000011", summary: "Invalid token provided"))
                case 403 where e.error == "insufficient_scope":
                    // Okta answers a token without the endpoint's scope with an empty body: the
                    // WWW-Authenticate header says it all (docs/REAL-ORGS.md R10).
                    headers[.contentType] = nil
                    text = ""
                case 403: body = SimulatorResponder.errorBody(APIError(status: 403, code: "E0000006", summary: "You do not have permission to perform the requested action"))
                default: body = ["error": .string(e.error), "error_description": .string(e.description)]
                }
            } catch let e as APIError {
                status = e.status
                body = SimulatorResponder.errorBody(e)
                if e.code == "E0000022" { headers[.allow] = e.causes.first ?? "GET" }
                if e.code == "E0000022" { body = SimulatorResponder.errorBody(APIError(status: 405, code: e.code, summary: e.summary)) }
            } catch {
                status = 500
                body = SimulatorResponder.errorBody(APIError(status: 500, code: "E0000009", summary: "Internal Server Error"))
            }
            if let fault, fault.afterApplying {
                // The write stands; only its answer is lost on the way back.
                if fault.kind == .serverError { (status, text) = Self.serverErrorAnswer(fault.variant, headers: &headers) }
                if fault.kind == .drop { hangUp = true }
            }
            if !isSim, !hangUp, (200..<300).contains(status), await core.checkpoint(method: method, path: path, moment: .applied) {
                hangUp = true
            }
        }
        if admitted { await core.done() }
        // Serialized before the log's `endedAt`: a page of 500 users takes milliseconds to write,
        // and a gap between waves measured from the log must not count them as the client's.
        let payload = hangUp ? ByteBuffer() : ByteBuffer(string: text ?? body.serialized())
        if !isSim {
            // An HTTP/1.1 request arrives on a connection, whose parent is the listening channel;
            // an HTTP/2 one on a stream, whose parent is the connection.
            await core.record(method: method, path: path, query: rawQuery, status: hangUp ? 0 : status, startedAt: startedAt,
                              fault: fault?.kind, applied: applied, httpVersion: context.channel.parent?.parent == nil ? "1.1" : "2")
        }
        if hangUp {
            // No answer at all: the client sees the connection close.
            try? await context.channel.close()
            throw CancellationError()
        }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: payload))
    }

    static let authenticateName = HTTPFields.Element.Name("WWW-Authenticate")!
    static let nonceName = HTTPFields.Element.Name("DPoP-Nonce")!
    static let dpopName = HTTPFields.Element.Name("DPoP")!

    /// The org's id and URL, public as on Okta (`getWellknownOrgMetadata`, `security: []`): the
    /// same org whatever its URL is spelled as (localhost or 127.0.0.1, a custom domain).
    func organizationMetadata(_ request: Request, headers: HTTPFields, startedAt: Double, httpVersion: String) async -> Response {
        // Okta's own round trip, as every other answer has: an instant answer made the request
        // after it look like a wave of its own.
        if core.latencyMs > 0 { try? await Task.sleep(for: .milliseconds(core.latencyMs)) }
        let status = request.method == .get ? 200 : 405
        let body: JSON = status == 200
            ? ["id": .string(core.orgId), "pipeline": "idx", "_links": ["organization": ["href": .string(await core.baseURL)]]]
            : SimulatorResponder.errorBody(methodNotAllowed("GET"))
        await core.record(method: request.method.rawValue, path: "/.well-known/okta-organization", query: "", status: status,
                          startedAt: startedAt, fault: nil, applied: false, httpVersion: httpVersion)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.serialized())))
    }

    /// `/oauth2/v1/token` of the org authorization server.
    func tokenEndpoint(_ request: Request, headers: HTTPFields, startedAt: Double) async -> Response {
        var headers = headers
        headers[.cacheControl] = "no-cache, no-store"
        var status = 200
        var body: JSON
        if request.method != .post {
            status = 405
            body = SimulatorResponder.errorBody(methodNotAllowed("POST"))
        } else {
            do {
                let form = try await request.body.collect(upTo: 1024 * 1024)
                body = try await core.oauth.token(form: Data(buffer: form), dpop: request.headers[SimulatorResponder.dpopName],
                                                  contentType: request.headers[.contentType])
            } catch let failure as OAuthFailure {
                status = failure.status
                if let nonce = failure.nonce { headers[SimulatorResponder.nonceName] = nonce }
                body = ["error": .string(failure.error), "error_description": .string(failure.description)]
            } catch {
                status = 400
                body = ["error": "invalid_request", "error_description": "The request body could not be read."]
            }
        }
        await core.record(method: request.method.rawValue, path: "/oauth2/v1/token", query: "", status: status, startedAt: startedAt,
                          fault: nil, applied: false)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.serialized())))
    }

    /// Bearer and DPoP access tokens go to the OAuth server; SSWS is checked in `handle`.
    /// Returns the service app's client id for an access token.
    func checkCredentials(_ request: Request, path: String) async throws -> String? {
        guard let auth = request.headers[.authorization]?.trimmingCharacters(in: .whitespaces) else { return nil }
        for scheme in ["Bearer", "DPoP"] where auth.hasPrefix(scheme + " ") {
            let token = auth.dropFirst(scheme.count + 1).trimmingCharacters(in: .whitespaces)
            return try await core.oauth.authorize(scheme: scheme, token: token, proof: request.headers[SimulatorResponder.dpopName],
                                                  method: request.method.rawValue, path: path)
        }
        return nil
    }

    func methodNotAllowed(_ allowed: String) -> APIError {
        APIError(status: 405, code: "E0000022", summary: "The endpoint does not support the provided HTTP method", causes: [allowed])
    }

    func parseBody(_ data: Data) throws -> JSON {
        guard !data.isEmpty, let j = try? JSON.parse(data) else { throw APIError.malformed }
        return j
    }

    func checkAuth(_ auth: String?) throws {
        let invalid = APIError(status: 401, code: "E0000011", summary: "Invalid token provided")
        guard let auth else { throw invalid }
        let t = auth.trimmingCharacters(in: .whitespaces)
        // Already authorised by the OAuth server in `checkCredentials`.
        if t.hasPrefix("Bearer ") || t.hasPrefix("DPoP ") { return }
        guard t.hasPrefix("SSWS") else { throw invalid }
        let given = t.dropFirst(4).trimmingCharacters(in: .whitespaces)
        guard given == core.token else { throw invalid }
    }

    func addLinks(_ headers: inout HTTPFields, seg: [String], query: Query, nextAfter: String?) async {
        let base = await core.baseURL
        let path = "/" + seg.joined(separator: "/")
        func encode(_ items: [(String, String)]) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let parts = items.map { k, v in
                (k.addingPercentEncoding(withAllowedCharacters: allowed) ?? k) + "=" + (v.addingPercentEncoding(withAllowedCharacters: allowed) ?? v)
            }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }
        // A mapping listing's self link drops its filter in every recording (R29); its next link too where asked.
        let mappingFilter: Set<String> = path == "/api/v1/mappings" ? ["sourceId", "targetId"] : []
        let dropFromNext = await core.mappingNextLinksDropFilter ? mappingFilter : []
        headers.append(HTTPFields.Element(name: SimulatorResponder.linkName,
                                          value: "<\(base)\(path)\(encode(query.items.filter { !mappingFilter.contains($0.0) }))>; rel=\"self\""))
        if let nextAfter {
            var items = query.items.filter { $0.0 != "after" && !dropFromNext.contains($0.0) }
            items.append(("after", nextAfter))
            headers.append(HTTPFields.Element(name: SimulatorResponder.linkName, value: "<\(base)\(path)\(encode(items))>; rel=\"next\""))
        }
    }

    func handle(method: HTTPRequest.Method, seg: [String], query: Query, rawQuery: String, body: Data,
                auth: String?, serviceApp: String? = nil, headers: inout HTTPFields, keepingWrites: Bool = true) async throws -> JSON
    {
        try checkAuth(auth)
        let store = core.store
        // The roles of who is asking, for a write a role restricts: the API token's admin, or the service app itself.
        let callerRoles = serviceApp == nil ? core.adminRoles : await core.oauth.adminRoles(of: serviceApp!) ?? []
        if let allowed = AdminRoleRules.rolesAllowed(method: method.rawValue, path: "/" + seg.joined(separator: "/")) {
            if allowed.isDisjoint(with: callerRoles) {
                throw APIError(status: 403, code: "E0000006", summary: "You do not have permission to perform the requested action")
            }
        }
        // listRolesForClient: a service app's own role assignments (scope okta.roles.read).
        if seg.count == 5, seg[0] == "oauth2", seg[1] == "v1", seg[2] == "clients", seg[4] == "roles" {
            guard method == .get else { throw methodNotAllowed("GET") }
            try AdminRoleRules.checkMayListRoles(callerRoles)
            guard let clientRoles = await core.oauth.adminRoles(of: seg[3]) else { throw APIError.notFound("\(seg[3]) (Client)") }
            return await store.clientRolesJSON(clientId: seg[3], roles: clientRoles)
        }
        let get = method == .get
        let post = method == .post
        func notFound() -> APIError {
            APIError.notFound("/" + seg.joined(separator: "/") + " (\(method.rawValue))")
        }
        func paged(_ r: APIResult) async -> JSON {
            if let p = r.page { await addLinks(&headers, seg: seg, query: query, nextAfter: p.nextAfter) }
            return r.body
        }

        if seg.first == "simulator" {
            guard seg.count >= 3, seg[1] == "v1" else { throw notFound() }
            switch Array(seg.dropFirst(2)) {
            case ["state"]:
                guard get else { throw methodNotAllowed("GET") }
                return await store.stateJSON()
            case ["faults"]:
                guard get else { throw methodNotAllowed("GET") }
                return await core.faultsJSON()
            case ["requests"]:
                if get { return await core.requestLog() }
                if method == .delete {
                    await core.clearLog()
                    return ["cleared": true]
                }
                throw methodNotAllowed("GET, DELETE")
            case let s where s.count == 4 && s[0] == "console" && s[1] == "apps" && s[3] == "profile-sourcing":
                guard post else { throw methodNotAllowed("POST") }
                return try await store.setProfileSourcing(s[2], parseBody(body)).body
            case ["console", "profile-sources", "order"]:
                guard post else { throw methodNotAllowed("POST") }
                return try await store.setSourceOrder(parseBody(body)).body
            case let s where s.count == 4 && s[0] == "console" && s[1] == "mappings" && s[3] == "apply-updates":
                guard post else { throw methodNotAllowed("POST") }
                let delay = await core.consoleJobDelayMs
                guard delay > 0 else { return try await store.applyUpdates(s[2]).body }
                _ = try await store.mapping(s[2])
                // Okta answers at once and runs the job in the background.
                Task {
                    try? await Task.sleep(for: .milliseconds(delay))
                    _ = try? await store.applyUpdates(s[2])
                }
                return ["mappingId": .string(s[2]), "status": "IN_PROGRESS"]
            case let s where s.count == 4 && s[0] == "console" && s[1] == "apps" && s[3] == "import":
                guard post else { throw methodNotAllowed("POST") }
                return try await store.importFromApp(s[2]).body
            case let s where s.count == 4 && s[0] == "console" && s[1] == "apps" && s[3] == "import-settings":
                guard post else { throw methodNotAllowed("POST") }
                return try await store.setImportEnabled(s[2], parseBody(body)).body
            case let s where s.count == 3 && s[0] == "console" && s[1] == "users":
                guard post else { throw methodNotAllowed("POST") }
                return try await store.editUserProfile(s[2], parseBody(body)).body
            default:
                throw notFound()
            }
        }

        guard seg.count >= 3, seg[0] == "api", seg[1] == "v1" else { throw notFound() }
        if seg[2] == "mappings", await core.mappingsAPIUnavailable {
            // Okta's answer where the edition lacks the feature: 401, though the credentials are good (R25).
            throw APIError(status: 401, code: "E0000015", summary: "You do not have permission to access the feature you are requesting")
        }
        let rest = Array(seg.dropFirst(2))
        switch rest.count {
        case 1 where rest[0] == "apps":
            guard get else { throw methodNotAllowed("GET") }
            return try await paged(store.listApps(query))
        case 2 where rest[0] == "apps":
            guard get else { throw methodNotAllowed("GET") }
            return try await store.getApp(rest[1]).body
        case 2 where rest[0] == "users" && rest[1] == "me":
            guard get else { throw methodNotAllowed("GET") }
            return await store.adminUserJSON()
        case 3 where rest[0] == "users" && rest[2] == "roles":
            guard get else { throw methodNotAllowed("GET") }
            try AdminRoleRules.checkMayListRoles(callerRoles)
            guard rest[1] == OrgStore.adminUserId else { return .array([]) }
            return await store.adminRolesJSON(core.adminRoles)
        case 1 where rest[0] == "idps":
            guard get else { throw methodNotAllowed("GET") }
            return try await paged(store.listIdentityProviders(query))
        case 2 where rest[0] == "idps":
            guard get else { throw methodNotAllowed("GET") }
            return try await store.getIdentityProvider(rest[1]).body
        case 3 where rest[0] == "apps" && rest[2] == "users":
            guard get else { throw methodNotAllowed("GET") }
            return try await paged(store.listAppUsers(rest[1], query))
        case 4 where rest[0] == "apps" && rest[2] == "users":
            guard get else { throw methodNotAllowed("GET") }
            return try await store.getAppUser(rest[1], rest[3]).body
        case 1 where rest[0] == "users":
            guard get else { throw methodNotAllowed("GET") }
            return try await paged(store.listUsers(query))
        case 2 where rest[0] == "users" && rest[1] != "me":
            guard get else { throw methodNotAllowed("GET") }
            return try await store.getUser(rest[1]).body
        case 3 where rest[0] == "meta" && rest[1] == "types" && rest[2] == "user":
            guard get else { throw methodNotAllowed("GET") }
            return await store.listUserTypes().body
        case 4 where rest[0] == "meta" && rest[1] == "types" && rest[2] == "user":
            guard get else { throw methodNotAllowed("GET") }
            return try await store.getUserType(rest[3]).body
        case 4 where rest[0] == "meta" && rest[1] == "schemas" && rest[2] == "user":
            if get { return try await store.getUserSchema(rest[3]).body }
            if post {
                try await store.checkUserSchemaId(rest[3])
                let update = try parseBody(body)
                if !keepingWrites { return try await store.answeringWithoutApplying { try $0.updateUserSchema(rest[3], update) }.body }
                return try await store.updateUserSchema(rest[3], update).body
            }
            throw methodNotAllowed("GET, POST")
        case 5 where rest[0] == "meta" && rest[1] == "schemas" && rest[2] == "apps" && rest[4] == "default":
            if get { return try await store.getAppSchema(rest[3]).body }
            if post {
                _ = try await store.app(rest[3])
                let update = try parseBody(body)
                if !keepingWrites { return try await store.answeringWithoutApplying { try $0.updateAppSchema(rest[3], update) }.body }
                return try await store.updateAppSchema(rest[3], update).body
            }
            throw methodNotAllowed("GET, POST")
        case 1 where rest[0] == "mappings":
            guard get else { throw methodNotAllowed("GET") }
            return try await paged(store.listMappings(query))
        case 2 where rest[0] == "mappings":
            if get { return try await store.getMapping(rest[1]).body }
            if post {
                _ = try await store.mapping(rest[1])
                return try await store.updateMapping(rest[1], parseBody(body)).body
            }
            throw methodNotAllowed("GET, POST")
        default:
            throw notFound()
        }
    }
}
