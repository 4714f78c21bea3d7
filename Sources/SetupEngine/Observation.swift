import Foundation
import OktaClient

/// Everything read from the org that the planner needs, and nothing more.
package struct Observation: Sendable, Equatable {
    package var org: String
    package var isPreviewOrg: Bool
    /// nil when the org has no Dialpad app.
    package var app: OktaApp?
    package var userType: UserType
    /// Every user type of the org, the default one included.
    package var userTypes: [UserType] = []
    package var userSchema: UserSchema
    /// The id of `userSchema` where it is a custom type's (`scoped(to:)`); nil: the default type's.
    package var userSchemaId: String?
    /// The custom user types the setup is done for too (`--user-type`), by type id.
    package var userTypeProfiles: [String: UserTypeProfile] = [:]
    /// nil without an app.
    package var appSchema: UserSchema?
    /// The app → Okta user mapping, with its properties; nil when Okta has none.
    package var inboundMapping: ProfileMapping?
    /// Apps other than Dialpad, and identity providers, that source Okta user profiles.
    package var otherProfileSources: [ProfileSource]
    /// Kinds of profile source the credential may not read, so the count above leaves them out.
    package var uncountedSources: [ProfileSource.Kind]
    /// A sample of the app's users with their Okta profiles; nil when it was not needed.
    package var userSample: UserSample?
    /// How the other apps that source Okta users were counted, or that they are still being counted.
    package var appSourceCount: AppSourceCount = .firstPage
    /// The procedure the org was read for (the user sample counts its attribute): the run's
    /// one, handed down by the `Observer`, so whatever reads this observation judges, compares
    /// and words it against the same procedure.
    package var desired: DesiredConfiguration
    /// Objects of the kinds steps added after the first three (`ResourceKind`), as Okta
    /// answered them, by the kind's name: a new kind needs no field here.
    package var resources: [String: JSONValue] = [:]

    /// The read behind `otherProfileSources`' apps: on an org of thousands of apps it is a chain
    /// of pages that ends after everything else is known (docs/performance.md).
    package enum AppSourceCount: Sendable, Equatable, Codable {
        /// Every app was on the first page of the app list.
        case firstPage
        /// The whole app list, page after page.
        case appList(apps: Int, pages: Int)
        /// Each app that maps into Okta users, read by its id.
        case mappedApps(Int)
        /// The app list is still being read: the other sources are not known yet. Only an early
        /// picture of the org carries this; nothing is planned or written from it.
        case reading
    }

    package struct UserSample: Sendable, Equatable, Codable {
        package var checked: Int
        /// App users whose app profile carries a Dialpad number.
        package var withNumber: Int
        /// Of those, users whose Okta profile holds the same number.
        package var synced: Int
        /// More users exist beyond the sampled page.
        package var truncated: Bool
        /// Sampled users of a custom user type, by type id: the procedure's mapping goes into
        /// the default type only, so they will not get the number (docs/REAL-ORGS.md R7).
        package var otherTypes: [String: Int] = [:]
        /// The latest `lastSync` among the sampled app users, if Okta shows one: an import or a
        /// push to the app, which move it alike (the spec's AppUser `lastSync`; docs/REAL-ORGS.md R20).
        package var lastSync: String?

        package init(checked: Int, withNumber: Int, synced: Int, truncated: Bool) {
            self.checked = checked; self.withNumber = withNumber; self.synced = synced; self.truncated = truncated
        }
    }

    package init(org: String, isPreviewOrg: Bool = false, app: OktaApp?, userType: UserType, userSchema: UserSchema,
                appSchema: UserSchema?, inboundMapping: ProfileMapping?, otherProfileSources: [ProfileSource],
                uncountedSources: [ProfileSource.Kind] = [], userSample: UserSample?, desired: DesiredConfiguration = DesiredConfiguration()) {
        self.desired = desired
        self.org = org; self.isPreviewOrg = isPreviewOrg; self.app = app; self.userType = userType
        self.userSchema = userSchema; self.appSchema = appSchema; self.inboundMapping = inboundMapping
        self.otherProfileSources = otherProfileSources; self.uncountedSources = uncountedSources; self.userSample = userSample
    }
}

/// Something other than Dialpad that sources Okta user profiles: an app with
/// `PROFILE_MASTERING`, or an identity provider with `policy.provisioning.profileMaster`.
package struct ProfileSource: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case app
        case identityProvider
    }

    package var kind: Kind
    package var id: String
    package var label: String

    package init(kind: Kind, id: String, label: String) {
        self.kind = kind; self.id = id; self.label = label
    }

    package init(_ app: OktaApp) { self.init(kind: .app, id: app.id, label: app.displayName) }
    package init(_ provider: IdentityProvider) { self.init(kind: .identityProvider, id: provider.id, label: provider.displayName) }

    package var displayName: String { label }
}

/// Finding the Dialpad app can fail in ways the admin must resolve.
package struct AppLookupError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for a front end to word in its own language.
    package enum Reason: Sendable, Equatable {
        case noAppWithId(appId: String)
        case severalDialpadApps(candidates: [OktaApp])
        /// `--app-id` names an app that is not a Dialpad app (not `looksLikeDialpad`, e.g. Slack):
        /// nothing is written to it; `candidates` are the org's apps that look like Dialpad.
        case notDialpadApp(app: OktaApp, candidates: [OktaApp])
    }

    package let reason: Reason
    package init(_ reason: Reason) { self.reason = reason }

    package var candidates: [OktaApp] {
        switch reason {
        case .severalDialpadApps(let candidates), .notDialpadApp(_, let candidates): return candidates
        case .noAppWithId: return []
        }
    }

    package var description: String { "app-lookup \(reason)" }
}

/// Okta's timestamps (ISO 8601, UTC, with or without milliseconds), compared as instants.
package enum OktaTime {
    // Value-type format styles: no formatter made per call (verify parses one per user).
    private static let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutMilliseconds = Date.ISO8601FormatStyle()

    package static func parse(_ text: String) -> Date? {
        (try? withMilliseconds.parse(text)) ?? (try? withoutMilliseconds.parse(text))
    }

    package static func format(_ date: Date) -> String { withMilliseconds.format(date) }

    /// An Okta time as a sentence reads it: to the minute, in UTC, said so ("2026-01-15 10:00 UTC").
    package static func readable(_ text: String) -> String {
        guard let date = parse(text) else { return text }
        let style = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt)
            .year().month().day().time(includingFractionalSeconds: false)
        return String(style.format(date).dropLast(3)) + " UTC"
    }
}
