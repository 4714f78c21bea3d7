/// Why a step stands where it does, as data: the step says which case and its parts (Okta's
/// names, ids and values; counts), and each language words it in one place of the text layer:
/// English in `Wizard/ReasonText+English.swift` (also `--json`'s `reason`), Japanese in
/// `Wizard/ReasonText.swift`.
package enum StepReason: Sendable, Equatable {
    /// How an attribute on the org differs from what the procedure prescribes.
    package enum Difference: Sendable, Equatable {
        case title(String)
        case description(String)
        case externalName(String?)
        /// nil: none, so Okta never sends it over SCIM.
        case externalNamespace(String?)
    }

    /// Where dialpadPhone takes its value from now, when not from the app first.
    package enum Source: Sendable, Equatable {
        case overriddenTo(String?)
        case okta
        case profileSource
    }

    /// A step's own reason, worded in its file (`StepWording`).
    case own(OwnWording)

    // The app.
    case noApp
    case waitsForApp

    // okta-attribute
    case userAttributeCaseClash(existing: String, name: String)
    case userAttributeMissing(name: String)
    case userAttributeWrongType(name: String, type: String?)
    case userAttributeDiffers(name: String, differences: [Difference], wantedTitle: String)
    case userAttributeDone(name: String, title: String)

    // app-attribute
    case appAttributeCaseClash(app: String, existing: String, name: String)
    case appAttributeMissing(app: String, name: String)
    case appAttributeWrongType(name: String, type: String?)
    case appAttributeDiffers(name: String, differences: [Difference])
    case appAttributeDone(name: String, externalName: String)

    // mapping
    case noInboundMapping(app: String)
    case mapped(mappingId: String, expression: String, attribute: String)
    case mappedFromElsewhere(attribute: String, expression: String)
    case waitsFor([StepID])
    case notMappedYet(mappingId: String, expression: String, attribute: String)

    // push-status
    case waitsForMapping
    case pushOnCreateAndUpdate
    case pushWaitsForProfileSource(app: String)
    case pushOnCreateOnly(found: String?)
    /// push-status, source-priority: not offered while the app is the org's only profile source.
    case onlySourceGate(app: String)

    // profile-source; `idpsUncounted`: identity providers this credential may not read were left out.
    case notProfileSource(app: String, onlySource: Bool, idpsUncounted: Bool)
    case onlyProfileSource(app: String)
    /// The app list is still being read, so the other sources are not counted yet (an early picture only).
    case countingProfileSources
    case noOtherAppSources(app: String, confirmed: Bool, idpsUncounted: Bool)
    case besideOtherSources(app: String, others: [String], confirmed: Bool, idpsUncounted: Bool)
    /// The API shows no other source, and the admin said one it cannot list ranks above the app.
    case otherSourceUnseen(app: String, confirmed: Bool)

    // existing-users; `scope`: the assigned users sampled.
    case chooseForExistingUsers
    case noNumbersAndImportOff(scope: SampleScope, app: String)
    case awaitingImport(scope: SampleScope, app: String, evidence: LastSyncEvidence, newUsersOnlyConfirmed: Bool)
    case allSynced(withNumber: Int, scope: SampleScope)
    case newUsersOnlyConfirmed(keepNoNumber: Int)
    case notSourcedByApp(missing: Int, withNumber: Int, scope: SampleScope, app: String)
    /// No sampled user has a number yet, and the app does not source dialpadPhone: neither an
    /// import nor Apply updates now puts one in Okta before it does (R4), so the step asks for
    /// its console action only after the sourcing steps.
    case sourcingBeforeImport(scope: SampleScope, app: String)
    case applyUpdatesNow(missing: Int, withNumber: Int, scope: SampleScope)
    /// Sampled users of other user types will not get the number, beside what `base` says.
    indirect case otherUserTypes(base: StepReason, shares: [UserTypeShare], app: String, attribute: String, expression: String)

    // source-priority
    case waitsForUserAttribute
    case overriddenToApp(app: String)
    case waitsForProfileSource(app: String)
    case notOverridden(now: Source, app: String)

    /// Which assigned users were sampled: all, or the first of more.
    package struct SampleScope: Sendable, Equatable {
        package var checked: Int
        package var truncated: Bool
        package init(checked: Int, truncated: Bool) { self.checked = checked; self.truncated = truncated }
    }

    /// Later steps (of a later phase) this one waits for: the next thing to do is there, not here.
    package var laterSteps: [StepID] {
        switch self {
        // Apply updates now changes nothing until Dialpad sources the attribute (R4).
        case .notSourcedByApp, .sourcingBeforeImport: [.profileSource, .pushStatus, .sourcePriority]
        case .otherUserTypes(let base, _, _, _, _): base.laterSteps
        default: []
        }
    }
}
