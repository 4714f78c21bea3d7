import Foundation
import OktaClient

/// One user, explained: whether the Okta profile holds the number Dialpad has for them, and
/// the one reason why not (the article's last step: open a user and see the number).
package struct UserCheck: Sendable, Encodable, Equatable {
    /// Why the Okta profile does or does not hold the app user's number, first cause first.
    package enum Reason: String, Sendable, Codable, Equatable, CaseIterable {
        case inSync = "in-sync"
        case notAssigned = "not-assigned"
        /// An attribute or the mapping of the procedure is not there yet.
        case setupNotDone = "setup-not-done"
        /// The app user has not synced with the app since the app profile last changed: only an import brings the number (R3).
        case notImportedYet = "not-imported-yet"
        /// Other sampled app users hold numbers an import brought; this one holds none.
        case noNumberInDialpad = "no-number-in-dialpad"
        /// No sampled app user holds a number, and the user's `lastSync` may be a push, which
        /// moves it too: whether an import ran since is not known (R20).
        case noNumberYet = "no-number-yet"
        /// "To Okta" import is off for the app: no import can bring the number (R21).
        case importNotEnabled = "import-not-enabled"
        /// The mapping goes into the default user type only (R7).
        case otherUserType = "other-user-type"
        /// Another source owns dialpadPhone for the user (R4).
        case notSourcedByDialpad = "not-sourced-by-dialpad"
        /// Dialpad sources it and the mapping is there: the next update from Dialpad (PUSH) or
        /// Apply updates now brings it.
        case awaitsUpdate = "awaits-update"
    }

    package var userId: String
    package var login: String?
    package var userType: String?
    package var assigned: Bool
    package var appUserNumber: String?
    /// The app user's `lastSync`: an import or a push to the app, which move it alike (R20).
    package var lastSync: String?
    package var oktaNumber: String?
    package var dialpadSourcesUsers: Bool
    /// The attribute's source priority as Okta shows it (`--json`: `OVERRIDE APP 0oa…`, `PROFILE_MASTER`, ...).
    package var sourcePriority: SourcePriority?
    /// For `setupNotDone`: the first step of the procedure not done.
    package var stepNotDone: StepID?
    package var reason: Reason

    package var holdsNumber: Bool { reason == .inSync }

    /// A schema attribute's `master`: data for the words, encoded as the one line Okta's
    /// fields make (`OVERRIDE APP 0oa…`), as `--json` has always given it.
    package struct SourcePriority: Sendable, Equatable, Encodable {
        package struct Source: Sendable, Equatable {
            package var type: String
            package var value: String
            /// The Dialpad app this run is about.
            package var isDialpad: Bool
            package init(type: String, value: String, isDialpad: Bool) { self.type = type; self.value = value; self.isDialpad = isDialpad }
        }
        package init(type: String, sources: [Source]) { self.type = type; self.sources = sources }
        /// `PROFILE_MASTER` (the profile source decides) or `OVERRIDE` (the `sources`, in order).
        package var type: String
        package var sources: [Source]

        package var overridden: Bool { type == "OVERRIDE" }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(([type] + sources.map { "\($0.type) \($0.value)" }).joined(separator: " "))
        }
    }

    /// Judges one user from the org as observed and the user's own reads (pure). `steps`: the
    /// org's plan, when the caller judges many users on one observation (verify).
    package static func judge(_ observation: Observation, user: OktaUser, appUser: AppUser?,
                             desired: DesiredConfiguration = DesiredConfiguration(), steps: [StepReport]? = nil) -> UserCheck {
        let name = desired.attributeName
        let attribute = observation.userSchema.customProperties[name]
        let master = attribute?.master
        let type = user.type?.id.flatMap { id in observation.userTypes.first { $0.id == id } }
        var check = UserCheck(
            userId: user.id, login: user.login, userType: type?.displayName ?? type?.name ?? user.type?.id, assigned: appUser != nil,
            appUserNumber: Self.number(appUser?.profile?[name]), lastSync: appUser?.lastSync,
            oktaNumber: Self.number(user.profile?[name]), dialpadSourcesUsers: observation.app?.isProfileSource ?? false,
            sourcePriority: master.map { master in
                SourcePriority(type: master.type ?? "?", sources: (master.priority ?? []).map {
                    .init(type: $0.type ?? "?", value: $0.value ?? "?", isDialpad: $0.type == "APP" && $0.value == observation.app?.id)
                })
            },
            stepNotDone: nil, reason: .inSync)
        check.reason = reason(&check, observation, appUser: appUser, user: user, desired: desired,
                              steps: steps ?? Planner.plan(observation, desired: desired))
        return check
    }

    private static func reason(_ check: inout UserCheck, _ observation: Observation, appUser: AppUser?, user: OktaUser,
                               desired: DesiredConfiguration, steps: [StepReport]) -> Reason {
        guard appUser != nil else { return .notAssigned }
        if let appUserNumber = check.appUserNumber, appUserNumber == check.oktaNumber { return .inSync }
        if let missing = steps.first(where: { $0.id.definition.writable != nil && $0.id.phase != .sourcing && $0.status != .ok }) {
            check.stepNotDone = missing.id
            return .setupNotDone
        }
        if check.appUserNumber == nil {
            if let app = observation.app, !ExistingUsersStep.importEnabled(app) { return .importNotEnabled }
            let changed = observation.appSchema?.lastUpdated.flatMap(OktaTime.parse)
            let synced = check.lastSync.flatMap(OktaTime.parse)
            if let changed, synced.map({ $0 < changed }) ?? true { return .notImportedYet }
            // A later lastSync may be a push (R20): only numbers other app users hold show an import brought them.
            return (observation.userSample?.withNumber ?? 0) > 0 ? .noNumberInDialpad : .noNumberYet
        }
        if let typeId = user.type?.id, typeId != observation.userType.id { return .otherUserType }
        if !ExistingUsersStep.dialpadMaySource(observation, desired) { return .notSourcedByDialpad }
        return .awaitsUpdate
    }

    private static func number(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }
}

extension OktaClient {
    /// The reads one user's check needs beside the observation: the user, then the app user.
    package func checkUser(_ idOrLogin: String, in observation: Observation) async throws -> (OktaUser, AppUser?) {
        let user = try await findUser(idOrLogin)
        guard let app = observation.app else { return (user, nil) }
        return (user, try await appUser(appId: app.id, userId: user.id))
    }

    /// getUser takes an id or a login, but not a login holding `/`: its escape cannot reach
    /// Okta (spec, getUser; Okta answers 405, okta-sdk-nodejs#430). Such a user is found with
    /// listUsers' `filter`, not `search`, whose results the spec calls eventually consistent
    /// (docs/REAL-ORGS.md R24).
    func findUser(_ idOrLogin: String) async throws -> OktaUser {
        guard idOrLogin.contains("/") else {
            // getUser's 404 means no user has that id or login: say so, not "check the org URL".
            do { return try await user(idOrLogin) } catch let error as OktaError where error.problem == .notFound {
                throw Self.noUser(idOrLogin, path: error.path ?? "/api/v1/users", requestId: error.requestId)
            }
        }
        let found = try await get([OktaUser].self, "/api/v1/users",
                                  query: [("filter", "profile.login eq \"\(Self.filterLiteral(idOrLogin))\""), ("limit", "2")])
        guard let user = found.first(where: { $0.login == idOrLogin }) else { throw Self.noUser(idOrLogin, path: "/api/v1/users", requestId: nil) }
        return user
    }

    static func noUser(_ login: String, path: String, requestId: String?) -> OktaError {
        OktaError(code: .api, httpStatus: 404, requestId: requestId, method: "GET", path: path,
                  problem: .noUserWithLogin(login: login))
    }

    /// A string literal of Okta's filter language: `"` and `\` escaped.
    static func filterLiteral(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

/// Every assigned user checked: counts by reason, with examples, and what it cost.
package struct Verification: Sendable, Encodable, Equatable {
    package struct Count: Sendable, Encodable, Equatable {
        package var reason: UserCheck.Reason
        package var users: Int
        /// Up to ten logins (or ids) of users with this reason.
        package var examples: [String]
    }

    package var checked: Int
    package var counts: [Count]
    package var requests: Int
    package var seconds: Double

    /// Every user with a number in Dialpad has it in Okta: nothing to do.
    package var complete: Bool { counts.allSatisfy { [.inSync, .noNumberInDialpad].contains($0.reason) || $0.users == 0 } }

    package static let examplesPerReason = 10

    /// Reads every user assigned to the Dialpad app, a page of 500 at a time with the Okta
    /// user embedded, and checks each; `progress` gets the number checked after each page.
    /// Streamed: each page is counted and dropped, only `examplesPerReason` examples stay, so
    /// memory does not grow with the users; the next page is requested as soon as the previous
    /// one's Link header arrives (`PageStream`), so the wall time is the page chain's alone.
    package static func run(_ client: OktaClient, observation: Observation, desired: DesiredConfiguration = DesiredConfiguration(),
                           progress: @Sendable (Int) -> Void = { _ in }) async throws -> Verification {
        let started = ContinuousClock.now
        let requestsBefore = client.log.requestCount
        var tally = Tally()
        let steps = Planner.plan(observation, desired: desired)
        if let app = observation.app {
            for try await page in client.appUserPages(appId: app.id) {
                for appUser in page.items {
                    tally.add(UserCheck.judge(observation, user: OktaUser(appUser), appUser: appUser, desired: desired, steps: steps))
                }
                progress(tally.checked)
            }
        }
        let counts = tally.counts
        let elapsed = ContinuousClock.now - started
        return Verification(checked: tally.checked, counts: counts, requests: client.log.requestCount - requestsBefore,
                            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

extension Verification {
    /// What verify keeps of the users it checked: a count per reason and at most
    /// `examplesPerReason` examples each, whatever the number of users or pages.
    package struct Tally: Sendable, Equatable {
        package private(set) var checked = 0
        private var byReason: [UserCheck.Reason: Count] = [:]

        package init() {}

        package mutating func add(_ check: UserCheck) { add(check.reason, example: check.login ?? check.userId) }

        package mutating func add(_ reason: UserCheck.Reason, example: @autoclosure () -> String) {
            checked += 1
            var count = byReason[reason] ?? Count(reason: reason, users: 0, examples: [])
            count.users += 1
            if count.examples.count < Verification.examplesPerReason { count.examples.append(example()) }
            byReason[reason] = count
        }

        /// In the order of `UserCheck.Reason.allCases`.
        package var counts: [Count] { UserCheck.Reason.allCases.compactMap { byReason[$0] } }
    }
}

extension OktaUser {
    /// The Okta user an app user carries when read with `expand=user`.
    init(_ appUser: AppUser) {
        let embedded = appUser._embedded?.user
        self.init(id: embedded?.id ?? appUser.id, status: nil, type: embedded?.type.map { TypeReference(id: $0.id) },
                  profile: embedded?.profile)
    }
}
