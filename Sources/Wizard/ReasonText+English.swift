import Foundation
import OktaClient
import SetupEngine

/// The English of a step's reason: the command line's, plain mode's, the wizard's and
/// `--json`'s words (`StepReport.encode` asks for them through `DocumentWords`). The Japanese is
/// in `ReasonText.swift`, case by case.
extension StepReason {
    /// The English line: the command line's and `--json`'s words.
    package var english: String {
        switch self {
        case .own(let own): return own.words(.en)
        case .noApp: return "No Dialpad app in this org: add Dialpad from the Okta Integration Network with SCIM provisioning, or pass --app-id."
        case .waitsForApp: return "Waits for a Dialpad app."
        case .countingProfileSources: return "Reading the org's app list to count the other profile sources."

        case .userAttributeCaseClash(let existing, let name):
            return "The Okta profile already has \"\(existing)\", which differs from \(name) only in case; Okta refuses both."
        case .userAttributeMissing(let name): return "The Okta user profile has no \(name) attribute yet."
        case .userAttributeWrongType(let name, let type):
            return "\(name) exists as \(type ?? "an untyped attribute"), not a string; changing its type would delete every user's value, so resolve it in the Admin Console."
        case .userAttributeDiffers(let name, let differences, let wantedTitle):
            return "\(name) exists with \(differences.map(Self.english).joined(separator: " and ")); the procedure names it \"\(wantedTitle)\"."
        case .userAttributeDone(let name, let title): return "\(name) is a string attribute titled \"\(title)\"."

        case .appAttributeCaseClash(let app, let existing, let name):
            return "The \(app) profile already has \"\(existing)\", which differs from \(name) only in case."
        case .appAttributeMissing(let app, let name): return "The \(app) app profile has no \(name) attribute yet."
        case .appAttributeWrongType(let name, let type):
            return "\(name) exists on the app profile as \(type ?? "an untyped attribute"), not a string; resolve it in the Admin Console."
        case .appAttributeDiffers(let name, let differences):
            return "\(name) on the app has \(differences.map(Self.english).joined(separator: ", "))."
        case .appAttributeDone(let name, let externalName): return "\(name) reads Dialpad's \(externalName)."

        case .noInboundMapping(let app):
            return "Okta has no \(app) → Okta user mapping: enable provisioning To Okta for the app first."
        case .mapped(let mappingId, let expression, let attribute): return "\(mappingId) maps \(expression) to \(attribute)."
        case .mappedFromElsewhere(let attribute, let expression):
            return "\(attribute) is already mapped from \"\(expression)\" (someone else's mapping); it is left alone."
        case .waitsFor(let steps): return "Waits for \(steps.map { $0.definition.title.en }.joined(separator: " and "))."
        case .notMappedYet(let mappingId, let expression, let attribute): return "\(mappingId) does not map \(expression) to \(attribute) yet."

        case .waitsForMapping: return "Waits for the mapping."
        case .pushOnCreateAndUpdate: return "The mapping applies on user create and update (PUSH)."
        case .pushWaitsForProfileSource(let app): return "Okta accepts PUSH only once \(app) sources Okta users: waits for profile-source."
        case .pushOnCreateOnly(let found):
            return "The mapping applies on create only (\(found ?? "no push status")); it should apply on create and update (PUSH)."
        case .onlySourceGate(let app):
            return "Not offered: \(app) is the org's only profile source, and the procedure goes on only once another source ranks above it (\(StepID.profileSource.definition.title.en) says how, or records that one the API cannot list does)."

        case .notProfileSource(let app, true, let idpsUncounted):
            return "\(app) does not source Okta users, and nothing else does: do not allow it, since \(app) must never be the only profile source. Keep or add another source ranked above it first; or stop before sourcing: the numbers still reach the \(app) app users, and check-user shows them."
                + Self.uncounted(idpsUncounted)
        case .notProfileSource(let app, false, let idpsUncounted):
            return "\(app) does not source Okta users yet: allow it under Provisioning > To Okta in the Admin Console." + Self.uncounted(idpsUncounted)
        case .onlyProfileSource(let app):
            return "\(app) is the org's only profile source; the procedure needs another source ranked above it."
        case .noOtherAppSources(let app, let confirmed, let idpsUncounted):
            return "\(app) sources Okta users and no other app does; whether an identity provider ranks above it is unknown.\(Self.uncounted(idpsUncounted))"
                + (confirmed ? " \"Do nothing\" on deactivation and lowest priority confirmed by the admin." : "")
        case .otherSourceUnseen(let app, let confirmed):
            return "\(app) sources Okta users; the API shows no other source, and the admin confirmed one it cannot list ranks above \(app) (their word, not readable through the API)."
                + (confirmed ? " \"Do nothing\" on deactivation and lowest priority confirmed by the admin." : "")
        case .besideOtherSources(let app, let others, let confirmed, let idpsUncounted):
            return "\(app) sources Okta users beside \(others.count) other source\(others.count == 1 ? "" : "s") (\(others.joined(separator: ", ")))"
                + (confirmed ? "; \"Do nothing\" on deactivation and lowest priority confirmed by the admin (not readable through the API)." : ".")
                + Self.uncounted(idpsUncounted)

        case .chooseForExistingUsers: return "Choose in the Admin Console: apply the mapping to existing users now, or to new users only."
        case .noNumbersAndImportOff(let scope, let app):
            return "None \(Self.english(scope)) has a Dialpad number in the \(app) app profile, and no import can bring them: \(ImportAdvice.notEnabled(app)) \(ImportAdvice.enable(app)) \(ImportAdvice.importNow(app)) \(ImportAdvice.queue(app))"
        case .awaitingImport(let scope, let app, let evidence, true):
            return "The admin chose new and changed users only (their word, not readable through the API); none \(Self.english(scope)) has a Dialpad number in the \(app) app profile yet, and they arrive only with an import from \(app) (\(ImportAdvice.evidence(evidence, app: app))). \(ImportAdvice.importNow(app))"
        case .awaitingImport(let scope, let app, let evidence, false):
            return "None \(Self.english(scope)) has a Dialpad number in the \(app) app profile yet: they arrive only with an import from \(app) (\(ImportAdvice.evidence(evidence, app: app))). \(ImportAdvice.importNow(app)) \(ImportAdvice.queue(app))"
        case .allSynced(let withNumber, let scope): return "All \(withNumber) users with a Dialpad number (\(Self.english(scope))) have it in Okta."
        case .newUsersOnlyConfirmed(let keepNoNumber):
            return "The admin chose new and changed users only (their word, not readable through the API); \(keepNoNumber) existing users keep no number until their next update."
        case .notSourcedByApp(let missing, let withNumber, let scope, let app):
            return "\(missing) of \(withNumber) users with a Dialpad number (\(Self.english(scope))) lack it in Okta, and Okta takes dialpadPhone from another source for them: \(app) does not source Okta users and dialpadPhone is not overridden to it, so Apply updates now would change nothing. Waits for \(StepID.profileSource.definition.title.en) and \(StepID.sourcePriority.definition.title.en)."
        case .sourcingBeforeImport(let scope, let app):
            return "None \(Self.english(scope)) has a Dialpad number in Okta yet. The numbers come with an import from \(app), and reach the Okta profile only once \(app) sources dialpadPhone: before that neither an import nor Apply updates now puts one there, so this step asks for the import after the sourcing steps."
        case .applyUpdatesNow(let missing, let withNumber, let scope):
            return "\(missing) of \(withNumber) users with a Dialpad number (\(Self.english(scope))) lack it in Okta: Apply updates now in the Admin Console, or choose new users only."
        case .otherUserTypes(let base, let shares, let app, let attribute, let expression):
            let listed = shares.map { "\($0.users) of type \($0.name)" }.joined(separator: ", ")
            let ids = shares.map { "--user-type \($0.typeId)" }.joined(separator: " ")
            return base.english + " \(listed) among the sampled users will not get the number: the setup is done for the default user type only, and each user type has its own profile and mappings. For each of these types: add \(attribute) to the type's own profile (Directory > Profile Editor > <type>), map \(expression) to it (\(app) > Mappings, \"\(app) to <type>\"), and override \(attribute)'s source to \(app) on that profile; `dialpad-okta apply \(ids)` does all three for them."

        case .waitsForUserAttribute: return "Waits for the \(StepID.oktaAttribute.definition.title.en)."
        case .overriddenToApp(let app): return "dialpadPhone takes its value from \(app) first (override)."
        case .waitsForProfileSource(let app): return "Waits for \(app) to be a profile source."
        case .notOverridden(let now, let app):
            let source: String
            switch now {
            case .overriddenTo(let other): source = "is overridden to \(other ?? "another source")"
            case .okta: source = "inherits from Okta"
            case .profileSource: source = "inherits from the profile source"
            }
            return "dialpadPhone \(source); it should be overridden to \(app)."
        }
    }

    private static func english(_ difference: Difference) -> String {
        switch difference {
        case .title(let title): return "title \"\(title)\""
        case .description(let description): return "description \"\(description)\""
        case .externalName(let name): return "external name \"\(name ?? "none")\""
        case .externalNamespace(let namespace): return namespace.map { "external namespace \"\($0)\"" } ?? "no external namespace (Okta never sends it over SCIM)"
        }
    }

    private static func english(_ scope: SampleScope) -> String {
        scope.truncated ? "of the first \(scope.checked) assigned users" : "of \(scope.checked) assigned users"
    }

    private static func uncounted(_ idpsUncounted: Bool) -> String {
        idpsUncounted ? " Identity providers were not counted: this credential may not read them (an API token's admin role, or a service app without okta.idps.read)." : ""
    }
}

/// The English of importing from the app (R20 to R22), shared by the step's reason and the
/// front ends' English; their Japanese is in the Wizard's `ImportText`.
package enum ImportAdvice {
    package static func notEnabled(_ app: String) -> String {
        "\(app) has \"To Okta\" import off (its features have no IMPORT_NEW_USERS or IMPORT_PROFILE_UPDATES), and numbers reach Okta only with an import from \(app)."
    }

    package static func enable(_ app: String) -> String {
        "Turn it on: Admin Console > Applications > Applications > \(app) > Provisioning > Integration > Edit, tick \"Import New Users and Profile Updates\", Save."
    }

    /// No schedule is promised: imports run on one only where an admin set it (R22), and it is
    /// set in the app's Provisioning > To Okta > General settings (R32).
    package static func importNow(_ app: String) -> String {
        "To import: Admin Console > Applications > Applications > \(app) > Import > Import Now; an import schedule (\(app) > Provisioning > To Okta > General, \"Schedule import\") runs only if an admin set one."
    }

    package static func queue(_ app: String) -> String {
        "An import also brings \(app) users that match no Okta user into Import > Import Results: with \"Auto-confirm new users\" on (Provisioning > To Okta > User Creation & Matching) Okta creates them as Okta users, and activates them with \"Auto-activate new users\"; otherwise they wait there. Confirm matched users only."
    }

    package static func evidence(_ evidence: LastSyncEvidence, app: String) -> String {
        switch evidence {
        case .noneSinceProfileChanged(let latest):
            return "no sampled app user synced with \(app) since the app profile last changed; latest sync: \(latest.map(OktaTime.readable) ?? "none shown")"
        case .inconclusive(let latest):
            return "the latest sync\(latest.map { ", " + OktaTime.readable($0) + "," } ?? "") may be a push to \(app), which moves lastSync too, so it does not tell whether an import ran"
        }
    }
}

extension PlannedWrite.Purpose {
    /// In English, as `plan` and `--json` print it.
    package var english: String {
        switch self {
        case .addUserAttribute(let name, let type, let title):
            return "Add \(name) (\(type), \"\(title)\") to the Okta user profile."
        case .addAppAttribute(let name, let app, let externalName):
            return "Add \(name) to the \(app) app profile, read from Dialpad's \(externalName)."
        case .map(let expression, let attribute, let onUpdateToo):
            return "Map \(expression) to \(attribute) (\(onUpdateToo ? "on create and update" : "on create; PUSH follows once Dialpad sources users"))."
        case .applyMappingOnUpdate:
            return "Apply the mapping on user create and update (PUSH)."
        case .overrideSource(let attribute, let app):
            return "Override \(attribute)'s source to \(app)."
        case .own(let own): return own.words(.en)
        }
    }
}

extension JSONEncoder {
    /// A document of ours (`--json`): sorted keys, and each step's reason and write's purpose in English words.
    package static var document: JSONEncoder {
        let encoder = JSONEncoder.okta
        encoder.userInfo[DocumentWords.key] = DocumentWords(reason: { $0.english }, purpose: { $0.english })
        return encoder
    }
}
