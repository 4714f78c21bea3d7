import OktaClient
import SetupEngine
import Testing

/// Planner states that the seeds do not all reach, built from observations by hand.
@Suite struct PlannerTests {
    static let desired = DesiredConfiguration()
    static let app = OktaApp(id: "0oaDIALPAD", name: "dialpad", label: "Dialpad", status: "ACTIVE", signOnMode: "SAML_2_0",
                             features: ["IMPORT_NEW_USERS"], lastUpdated: nil)
    static let workday = OktaApp(id: "0oaWORKDAY", name: "workday", label: "Workday", status: "ACTIVE", signOnMode: "SAML_2_0",
                                 features: ["PROFILE_MASTERING"], lastUpdated: nil)

    static func schema(_ custom: [String: SchemaAttribute], base: [String: SchemaAttribute] = ["login": SchemaAttribute(type: "string")]) -> UserSchema {
        UserSchema(id: nil, name: nil, lastUpdated: nil,
                   definitions: .init(base: .init(properties: base), custom: .init(properties: custom)))
    }

    static let goodOkta = SchemaAttribute(title: "Dialpad Phone", description: "Dialpad Phone", type: "string")
    static let goodApp = SchemaAttribute(title: "Dialpad Phone", description: "Dialpad Phone", type: "string", externalName: desired.externalName,
                                         externalNamespace: desired.externalNamespace)

    static func observation(app: OktaApp? = app, okta: [String: SchemaAttribute] = ["dialpadPhone": goodOkta],
                            appAttrs: [String: SchemaAttribute] = ["dialpadPhone": goodApp],
                            mapping: [String: MappingProperty]? = ["dialpadPhone": MappingProperty(expression: "appuser.dialpadPhone", pushStatus: "DONT_PUSH")],
                            others: [ProfileSource] = [ProfileSource(workday)],
                            sample: Observation.UserSample? = .init(checked: 10, withNumber: 10, synced: 10, truncated: false)) -> Observation {
        Observation(org: "https://acme.okta.com", app: app, userType: UserType(id: "otyX", name: "user", displayName: nil, default: true),
                    userSchema: schema(okta), appSchema: schema(appAttrs, base: ["userName": SchemaAttribute(type: "string")]),
                    inboundMapping: mapping.map { ProfileMapping(id: "prmX", source: .init(id: "0oaDIALPAD", name: nil, type: "appuser"),
                                                                 target: .init(id: "otyX", name: "user", type: "user"), properties: $0) },
                    otherProfileSources: others, userSample: sample)
    }

    func status(_ step: StepID, _ observation: Observation) -> StepReport {
        Planner.plan(observation).first { $0.id == step }!
    }

    @Test func titleDifferenceIsFixable() {
        var attribute = Self.goodOkta
        attribute.title = "Phone"
        let report = status(.oktaAttribute, Self.observation(okta: ["dialpadPhone": attribute]))
        #expect(report.status == .differs)
        guard case .userAttributeDiffers(_, let differences, _) = report.why else { Issue.record("\(report.why)"); return }
        #expect(differences.contains(.title("Phone")))
    }

    @Test func nameDifferingOnlyInCaseIsAConflict() {
        let report = status(.oktaAttribute, Self.observation(okta: ["DialpadPhone": Self.goodOkta]))
        #expect(report.status == .conflict)
        #expect(report.why == .userAttributeCaseClash(existing: "DialpadPhone", name: "dialpadPhone"))
    }

    @Test func appAttributeWithoutNamespaceDiffers() {
        var attribute = Self.goodApp
        attribute.externalNamespace = nil
        let report = status(.appAttribute, Self.observation(appAttrs: ["dialpadPhone": attribute]))
        #expect(report.status == .differs)
        guard case .appAttributeDiffers(_, let differences) = report.why else { Issue.record("\(report.why)"); return }
        #expect(differences.contains(.externalNamespace(nil)), "no SCIM namespace")
    }

    /// The article's table gives the app attribute the description "Dialpad Phone" too.
    @Test func appAttributeWithoutTheDescriptionDiffersAndTheWriteSetsIt() throws {
        var attribute = Self.goodApp
        attribute.description = nil
        let observation = Self.observation(appAttrs: ["dialpadPhone": attribute])
        #expect(status(.appAttribute, observation).status == .differs)
        let write = try #require(WritePlanner.writes(for: observation).first { $0.step == .appAttribute })
        #expect(write.body["definitions"]?["custom"]?["properties"]?["dialpadPhone"]?["description"]?.stringValue == "Dialpad Phone")
    }

    @Test func appAttributeOfAnotherTypeIsAConflict() {
        var attribute = Self.goodApp
        attribute.type = "array"
        #expect(status(.appAttribute, Self.observation(appAttrs: ["dialpadPhone": attribute])).status == .conflict)
    }

    @Test func mappingMissingOnceBothAttributesExist() {
        #expect(status(.mapping, Self.observation(mapping: [:])).status == .missing)
        #expect(status(.mapping, Self.observation(appAttrs: [:], mapping: [:])).status == .blocked)
    }

    @Test func noInboundMappingMeansProvisioningIsOff() {
        let report = status(.mapping, Self.observation(mapping: nil))
        #expect(report.status == .blocked)
        guard case .noInboundMapping = report.why else { Issue.record("\(report.why)"); return }
    }

    /// Dialpad sourcing Okta users, as "Apply updates now" needs (R4).
    static let sourcingApp = OktaApp(id: "0oaDIALPAD", name: "dialpad", label: "Dialpad", status: "ACTIVE", signOnMode: "SAML_2_0",
                                     features: ["IMPORT_NEW_USERS", "PROFILE_MASTERING"], lastUpdated: nil)

    @Test func existingUsersPartlySyncedIsManual() {
        let report = status(.existingUsers, Self.observation(app: Self.sourcingApp, sample: .init(checked: 500, withNumber: 400, synced: 100, truncated: true)))
        #expect(report.status == .manual)
        #expect(report.why == .applyUpdatesNow(missing: 300, withNumber: 400, scope: .init(checked: 500, truncated: true)))
    }

    /// Before Dialpad sources dialpadPhone, "Apply updates now" changes nothing (R4): the step
    /// waits and says why, instead of sending the admin to the console to wait forever.
    @Test func existingUsersNotSourcedByDialpadWait() {
        let observation = Self.observation(sample: .init(checked: 50, withNumber: 50, synced: 0, truncated: false))
        #expect(!ExistingUsersStep.dialpadMaySource(observation, DesiredConfiguration()))
        #expect(status(.existingUsers, observation).status == .blocked)
        #expect(ExistingUsersStep().facts(observation).contains(.notSourcedByDialpad(users: 50)))
        var overridden = observation
        overridden.userSchema.definitions?.custom?.properties?["dialpadPhone"]?.master =
            SchemaMaster(type: "OVERRIDE", priority: [.init(type: "APP", value: "0oaDIALPAD")])
        #expect(status(.existingUsers, overridden).status == .manual, "once overridden to Dialpad, Apply updates now fills them")
    }

    /// App users get a new attribute's values only with an import (R3), and `lastSync` moves on a
    /// push as on an import (R20): no number in the sample awaits an import whatever `lastSync`
    /// says, and only a `lastSync` older than the app profile is worded as "none since".
    @Test func existingUsersAwaitTheImportAfterTheAttributeWasAdded() {
        // Dialpad sources Okta users: the import is what is left (before that, the sourcing steps are: issue 23 §1).
        var sourcing = Self.app
        sourcing.features = (sourcing.features ?? []) + ["PROFILE_MASTERING"]
        var observation = Self.observation(app: sourcing, sample: .init(checked: 50, withNumber: 0, synced: 0, truncated: false))
        #expect(status(.existingUsers, Self.observation(sample: .init(checked: 50, withNumber: 0, synced: 0, truncated: false))).why
                == .sourcingBeforeImport(scope: .init(checked: 50, truncated: false), app: "Dialpad"))
        observation.appSchema?.lastUpdated = "2026-11-29T10:00:00.000Z"
        observation.userSample?.lastSync = "2026-11-29T09:00:00.000Z"
        #expect(ExistingUsersStep.awaitsImport(observation))
        #expect(status(.existingUsers, observation).status == .manual)
        #expect(ExistingUsersStep().facts(observation).contains(
            .awaitsImport(app: "Dialpad", lastSync: .noneSinceProfileChanged(latest: "2026-11-29T09:00:00.000Z"))))
        // A push after the attribute was added moved lastSync: still no number, so still an import to run.
        observation.userSample?.lastSync = "2026-11-29T11:00:00Z"
        #expect(ExistingUsersStep.awaitsImport(observation))
        #expect(status(.existingUsers, observation).status == .manual, "a later lastSync may be a push: not \"nothing to update\"")
        #expect(ExistingUsersStep().facts(observation).contains(.awaitsImport(app: "Dialpad", lastSync: .inconclusive(latest: "2026-11-29T11:00:00Z"))))
        #expect(ExistingUsersStep().facts(observation).contains(.importQueue(app: "Dialpad")))
        #expect(ExistingUsersStep().simulatedAction(observation)?.path.hasSuffix("/import") == true)
    }

    @Test func soleProfileSourceIsAConflict() {
        var sourcing = Self.app
        sourcing.features = ["PROFILE_MASTERING"]
        #expect(status(.profileSource, Self.observation(app: sourcing, others: [])).status == .conflict)
        #expect(status(.profileSource, Self.observation(app: sourcing)).status == .ok)
        let notYet = status(.profileSource, Self.observation(others: []))
        #expect(notYet.status == .manual)
        guard case .notProfileSource(_, true, _) = notYet.why else { Issue.record("not the only-source reason: \(notYet.why)"); return }
    }

    @Test func pushNeedsProfileSourcingFirst() {
        #expect(status(.pushStatus, Self.observation()).status == .blocked)
        var sourcing = Self.app
        sourcing.features = ["PROFILE_MASTERING"]
        #expect(status(.pushStatus, Self.observation(app: sourcing)).status == .differs)
        let pushed = ["dialpadPhone": MappingProperty(expression: "appuser.dialpadPhone", pushStatus: "PUSH")]
        #expect(status(.pushStatus, Self.observation(app: sourcing, mapping: pushed)).status == .ok)
    }

    @Test("source priority", arguments: [
        (SchemaMaster(type: "PROFILE_MASTER"), StepStatus.differs),
        (SchemaMaster(type: "OKTA"), .differs),
        (SchemaMaster(type: "OVERRIDE", priority: [.init(type: "APP", value: "0oaWORKDAY")]), .differs),
        (SchemaMaster(type: "OVERRIDE", priority: [.init(type: "APP", value: "0oaDIALPAD")]), .ok),
    ])
    func sourcePriority(master: SchemaMaster, expected: StepStatus) {
        var sourcing = Self.app
        sourcing.features = ["PROFILE_MASTERING"]
        var attribute = Self.goodOkta
        attribute.master = master
        #expect(status(.sourcePriority, Self.observation(app: sourcing, okta: ["dialpadPhone": attribute])).status == expected)
    }

    @Test func noAppBlocksEverythingButTheOktaAttribute() {
        let steps = Planner.plan(Self.observation(app: nil))
        #expect(steps[0].status == .ok)
        #expect(steps.dropFirst().allSatisfy { $0.status == .blocked })
    }
}
