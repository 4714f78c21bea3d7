import Foundation
import OktaClient
import SetupEngine
import Synchronization
import TerminalUI

/// What the runtime needs from the command line: how to build a client and a journal store,
/// and, in the demo only, how to do an Admin Console action on the simulated org.
package struct WizardServices: Sendable {
    /// Builds the client for an org URL and a token typed into the form (nil: from the
    /// environment, okta.yaml or an OAuth key).
    package var makeClient: @Sendable (_ org: String?, _ token: Secret?, _ readOnly: Bool) throws -> OktaClient
    package var makeStore: @Sendable (OrgURL) -> JournalStore
    package var appId: String?
    /// Where `w` saves the change report; nil: beside the journal. The demo's journal goes
    /// when it ends, so its reports go where the admin ran it.
    package var reportDirectory: URL?
    /// Demo only: performs an Admin Console action (profile sourcing, "Apply updates now") on the simulator.
    package var demoConsole: (@Sendable (OktaClient, StepID, Observation) async throws -> Void)?

    package init(makeClient: @escaping @Sendable (String?, Secret?, Bool) throws -> OktaClient,
                makeStore: @escaping @Sendable (OrgURL) -> JournalStore,
                appId: String? = nil,
                reportDirectory: URL? = nil,
                demoConsole: (@Sendable (OktaClient, StepID, Observation) async throws -> Void)? = nil) {
        self.makeClient = makeClient
        self.makeStore = makeStore
        self.appId = appId
        self.reportDirectory = reportDirectory
        self.demoConsole = demoConsole
    }
}

/// Runs effects against the org; one at a time per kind, each result fed back as an event.
actor WizardEngine {
    let services: WizardServices
    let mode: WizardMode
    let strings: Strings
    var client: OktaClient?
    var store: JournalStore?
    var appId: String?
    /// Custom user types read and planned with the default one (the admin's `t`, R30).
    var userTypes: [String] = []
    /// How many engine actions that may change the org have finished.
    var actionsFinished = 0

    /// Hands an event to the terminal thread while an effect is still running (an apply's progress).
    let post: @Sendable (WizardEvent) -> Void

    init(services: WizardServices, mode: WizardMode, strings: Strings, post: @escaping @Sendable (WizardEvent) -> Void) {
        self.services = services
        self.mode = mode
        self.strings = strings
        self.post = post
        appId = services.appId
    }

    private func executor(_ client: OktaClient, _ store: JournalStore) -> Executor {
        var executor = Executor(client: client, store: store)
        let post = self.post
        executor.progress = { post(.progress($0)) }
        return executor
    }

    func perform(_ effect: WizardEffect, clock: @escaping @Sendable () -> (String, Double)) async -> WizardEvent? {
        // The actor runs other effects while this one waits on the network: a read that an
        // action's writes overtook must not be shown as the org's latest state.
        defer { if effect.changesTheOrg { actionsFinished += 1 } }
        do {
            switch effect {
            case .connect(let org, let token, let chosen):
                if let chosen { appId = chosen }
                let client = try services.makeClient(org.isEmpty ? nil : org, token, mode == .inspect)
                let store = services.makeStore(client.org)
                // On an org of thousands of apps the overview opens once the floor's three waves are
                // read; the other profile sources fill in when the app list's pages end.
                let post = self.post
                let shownEarly = Mutex(false)
                let early: @Sendable (Observation) async -> Void = { picture in
                    // A journal that cannot be read is said once the whole org is read, as before.
                    let journal: Journal?
                    do { journal = try store.load(expectingOrg: client.org.description) } catch { return }
                    let (text, now) = clock()
                    shownEarly.withLock { $0 = true }
                    post(.connected(org: client.org.description, isPreview: client.org.isPreview, journal: journal,
                                    journalPath: store.url.path, picture, Planner.plan(picture, confirmations: journal?.confirmations ?? []),
                                    clock: text, at: now))
                }
                // Reading the org proves the URL, the token and its rights before any screen claims them.
                let observation: Observation
                do { observation = try await Observer(client: client).observe(appId: appId, early: early) } catch {
                    let offered = await offerAppsInstead(of: error, client: client)
                    await client.shutdown()
                    if let offered { return offered }
                    throw error
                }
                if let old = self.client { await old.shutdown() }
                self.client = client
                appId = appId ?? observation.app?.id
                self.store = store
                let journal = try store.load(expectingOrg: client.org.description)
                let reports = Planner.plan(observation, confirmations: journal?.confirmations ?? [])
                let (text, now) = clock()
                if shownEarly.withLock({ $0 }) { return .observed(observation, reports, clock: text, at: now) }
                return .connected(org: client.org.description, isPreview: client.org.isPreview, journal: journal,
                                  journalPath: store.url.path, observation, reports, clock: text, at: now)
            case .observe, .includeUserTypes:
                guard let client else { return nil }
                if case .includeUserTypes(let types) = effect { userTypes = types }
                let actionsBefore = actionsFinished
                let observation = try await Observer(client: client).observe(appId: appId, userTypes: userTypes)
                let confirmations = (try? store?.load(expectingOrg: client.org.description))??.confirmations ?? []
                let (text, now) = clock()
                return .observed(observation, Planner.plan(observation, confirmations: confirmations), clock: text, at: now,
                                 superseded: actionsFinished != actionsBefore)
            case .apply(let approved):
                guard let client, let store else { return nil }
                let before = try? store.load()
                do {
                    let result = try await executor(client, store).apply(approved)
                    return finished(.applying(approved.steps), result, store: store, clock: clock())
                } catch {
                    // The org is read again anyway: a write left unsettled is settled now, so the
                    // dialog says what became of it instead of sending the admin to resume.
                    let stopped = await executor(client, store).stoppedApply(planned: approved.plan.writes.count, before: before, stoppedBy: error)
                    let settled = SettledWrite.after(error, settled: stopped.journal)
                    return .failed(.applying(approved.steps), ErrorText(strings.language).dialog(settled ?? error),
                                   tally: stopped.tally, journal: stopped.journal)
                }
            case .settle:
                guard let client, let store else { return nil }
                let before = try store.load(expectingOrg: client.org.description)
                let journal = try await executor(client, store).settle()
                let unsettled = (before?.entries ?? []).indices.filter { before?.entries[$0].outcome == .intent }
                let settled = unsettled.filter(journal.entries.indices.contains).map { journal.entries[$0] }
                let observation = try await Observer(client: client).observe(appId: appId ?? journal.appId, userTypes: userTypes)
                let (text, now) = clock()
                return .finished(.settling, entries: settled, journal: journal, clock: text,
                                 observed: Observed(observation, reports: Planner.plan(observation, confirmations: journal.confirmations), at: now))
            case .rollback(let steps, let deleteAttributeData, let leavingAlone):
                guard let client, let store else { return nil }
                let before = try? store.load()
                do {
                    let undone = try await Executor(client: client, store: store).rollback(steps: Set(steps), deleteAttributeData: deleteAttributeData,
                                                                                       leavingAlone: Set(leavingAlone))
                    return .finished(.rollingBack(steps), entries: undone, journal: try? store.load(), clock: clock().0)
                } catch {
                    let after = try? store.load()
                    return .failed(.rollingBack(steps), ErrorText(strings.language).dialog(error),
                                   tally: .rolledBack(steps: Set(steps), before: before, after: after), journal: after)
                }
            case .confirm(let choice):
                guard let client, let store else { return nil }
                _ = try await Executor(client: client, store: store).confirm(choice, appId: appId)
                return .finished(.recording(choice), entries: [], journal: try? store.load(), clock: clock().0)
            case .withdraw(let word):
                guard let client, let store else { return nil }
                let journal = try await Executor(client: client, store: store).withdraw(word)
                return .finished(.withdrawing(word), entries: [], journal: journal, clock: clock().0)
            case .demoConsole(let step):
                guard let client, let demo = services.demoConsole else { return nil }
                let observation = try await Observer(client: client).observe(appId: appId)
                try await demo(client, step, observation)
                return .finished(.demoAction(step), entries: [], journal: try? store?.load(), clock: clock().0)
            case .checkUser(let login):
                guard let client else { return nil }
                let observation = try await Observer(client: client).observe(appId: appId)
                let (user, appUser) = try await client.checkUser(login, in: observation)
                return .userChecked(UserCheck.judge(observation, user: user, appUser: appUser))
            case .verify:
                guard let client else { return nil }
                let observation = try await Observer(client: client).observe(appId: appId)
                return .verified(try await Verification.run(client, observation: observation))
            case .saveReport:
                guard let client, let store else { return nil }
                let (_, now) = clock()
                let report = try await ChangeReport.read(client, store: store, appId: appId, at: Date(timeIntervalSince1970: now))
                let stamp = ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: now), timeZone: .current,
                                                        formatOptions: [.withYear, .withMonth, .withDay, .withTime])
                let url = (services.reportDirectory ?? store.url.deletingLastPathComponent())
                    .appendingPathComponent("\(client.org.host)-change-report-\(stamp).md")
                // 0600 in a 0700 folder, never over the journal or its lock.
                try ReportFile.write(strings.changeReport(report, timeZone: .current), to: url.path, refusing: [store.url.path, store.url.path + ".lock"])
                return .reportSaved(url.path)
            case .quit:
                return nil
            }
        } catch {
            // Several apps labelled Dialpad: the admin chooses one on screen rather than on the command line.
            if case .connect = effect, let lookup = error as? AppLookupError, !lookup.candidates.isEmpty {
                return .appsToChoose(lookup.candidates)
            }
            // A refresh the admin did not ask for that meets a passing failure keeps the picture.
            if case .observe = effect, let passing = (error as? OktaError)?.passingFailure {
                return .refreshFailed(passing, ErrorText(strings.language).dialog(error))
            }
            return .failed(busy(for: effect), ErrorText(strings.language).dialog(error))
        }
    }

    /// An apply's result, with the org as its read-backs left it: no fresh read needed.
    private func finished(_ busy: Busy, _ result: ApplyResult, store: JournalStore, clock: (String, Double)) -> WizardEvent {
        .finished(busy, entries: result.writes, journal: try? store.load(), clock: clock.0,
                  observed: Observed(result.observation, reports: result.steps, at: clock.1))
    }

    private func busy(for effect: WizardEffect) -> Busy? {
        switch effect {
        case .connect: return .connecting
        case .apply(let approved): return .applying(approved.steps)
        case .settle: return .settling
        case .rollback(let steps, _, _): return .rollingBack(steps)
        case .confirm(let choice): return .recording(choice)
        case .withdraw(let word): return .withdrawing(word)
        case .demoConsole(let step): return .demoAction(step)
        case .checkUser: return .checkingUser
        case .verify: return .verifying
        case .saveReport: return .savingReport
        case .observe, .includeUserTypes, .quit: return nil
        }
    }

    func shutdown() async {
        await client?.shutdown()
        client = nil
    }
}

/// Where engine results wait for the terminal thread, and how many are still running.
final class Mailbox: Sendable {
    private let events = Mutex<[WizardEvent]>([])
    private let running = Mutex<Int>(0)
    /// Effects under way that may change the org: the process waits for them before it exits.
    private let writing = Mutex<Int>(0)

    func started() { running.withLock { $0 += 1 } }
    func startedWriting() { writing.withLock { $0 += 1 } }
    func finishedWriting() { writing.withLock { $0 -= 1 } }
    var writesInFlight: Bool { writing.withLock { $0 } > 0 }

    /// An event from an effect still running; `finished` ends it.
    func post(_ event: WizardEvent) { events.withLock { $0.append(event) } }

    func finished(with event: WizardEvent?) {
        if let event { events.withLock { $0.append(event) } }
        running.withLock { $0 -= 1 }
    }

    func take() -> [WizardEvent] {
        events.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }

    var isIdle: Bool { running.withLock { $0 } == 0 && events.withLock { $0.isEmpty } }
}

/// Appends one JSON line per drawn frame to `DIALPAD_OKTA_FRAME_LOG`, for the benchmark and
/// the end-to-end tests. It counts the keys read but never says which: one of them may be a
/// character of the token.
final class FrameLog {
    let handle: FileHandle
    let start: Double
    var frames = 0
    var keys = 0

    init?(environment: [String: String], processStart: Double) {
        guard let path = environment["DIALPAD_OKTA_FRAME_LOG"], !path.isEmpty else { return nil }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return nil }
        handle.seekToEndOfFile()
        self.handle = handle
        start = processStart
    }

    /// `renderSeconds` is the whole frame, state to terminal; `drawSeconds` the terminal's part of it.
    func record(renderSeconds: Double, drawSeconds: Double, now: Double) {
        frames += 1
        let line = String(format: "{\"frame\":%d,\"renderMs\":%.3f,\"drawMs\":%.3f,\"sinceStartMs\":%.3f,\"keys\":%d}\n",
                          frames, renderSeconds * 1000, drawSeconds * 1000, (now - start) * 1000, keys)
        handle.write(Data(line.utf8))
    }
}

/// The loop: keys and engine results in, `update`, `render`, draw. Everything that touches the
/// terminal runs on the thread that calls `run`; engine work runs on Swift's executors and
/// comes back through a queue, so the screen never waits for the network.
package final class WizardRuntime {
    package private(set) var state: WizardState
    let terminal: any TerminalDevice
    let engine: WizardEngine
    let mailbox = Mailbox()
    let frameLog: FrameLog?
    let clock: @Sendable () -> Double
    /// Frames are drawn into two buffers in turn: the terminal keeps the last one to compare the
    /// next with, so the other's storage is free to draw into without allocating or copying.
    private var frameBuffer = Buffer(size: Size(width: 0, height: 0))
    private var previousFrame = Buffer(size: Size(width: 0, height: 0))

    package init(state: WizardState, terminal: any TerminalDevice, services: WizardServices,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                processStart: Double = Date().timeIntervalSince1970,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.state = state
        self.terminal = terminal
        let mailbox = self.mailbox
        engine = WizardEngine(services: services, mode: state.mode, strings: state.strings, post: { mailbox.post($0) })
        self.state.demoConsole = services.demoConsole != nil
        if services.appId != nil { self.state.appNamed = true }
        frameLog = FrameLog(environment: environment, processStart: processStart)
        self.clock = clock
    }

    /// Whether an engine effect is still running (tests wait on this).
    package var isIdle: Bool { mailbox.isIdle }

    /// Feeds an event through `update` and starts the effects it asks for.
    package func send(_ event: WizardEvent) {
        for effect in update(&state, event) { start(effect) }
    }

    /// Effects a key asked for, started once its frame is drawn (`run`).
    private var afterFrame: [WizardEffect] = []

    /// Whether the frames a key or two away have been drawn off screen (`drawNeighboursOffScreen`).
    private(set) var neighboursDrawn = false
    /// How many effects the runtime has started (tests: a frame drawn off screen starts none).
    private(set) var effectsStarted = 0

    /// Once, when the org's first picture is in: draws off screen, and throws away, the frames the
    /// admin's next keys lead to (each phase's screen and its apply dialogs, the next pane). A
    /// screen's first frame in a process pays the runtime's first uses of its code, 2 to 3 ms;
    /// paid here, while the admin reads the overview, the first time they open one it is drawn as
    /// fast as every later time. `update` runs on copies of the state, and the effects it
    /// returns are dropped: nothing is read or written for a frame never shown.
    private func drawNeighboursOffScreen() {
        guard !neighboursDrawn, state.observation != nil, !state.observing, state.busy == nil else { return }
        neighboursDrawn = true
        var scratch = Buffer(size: terminal.size)
        func drawOffScreen(_ keys: [Key]) {
            var next = state
            for key in keys { _ = update(&next, .key(key)) }
            scratch.reset(to: terminal.size)
            _ = render(next, into: &scratch)
        }
        drawOffScreen([.tab])
        for phase in ["1", "2", "3"] as [Character] {
            drawOffScreen([.character(phase)])
            drawOffScreen([.character(phase), .character("a")])
            drawOffScreen([.character(phase), .character("A")])
        }
    }

    /// As `send`, for a key: its effects wait until the frame it changed is drawn, so the screen
    /// the admin asked for is not drawn while the work it started (a phase's fresh read, on the
    /// same few CPUs) runs beside it.
    private func sendDrawingFirst(_ event: WizardEvent) {
        afterFrame += update(&state, event)
    }

    func start(_ effect: WizardEffect) {
        guard effect != .quit else { return }
        effectsStarted += 1
        mailbox.started()
        let writes = effect.changesTheOrg
        if writes { mailbox.startedWriting() }
        let engine = self.engine
        let mailbox = self.mailbox
        let clock = self.clock
        Task.detached {
            defer { if writes { mailbox.finishedWriting() } }
            let event = await engine.perform(effect) {
                let now = clock()
                let formatter = DateFormatter()
                formatter.dateFormat = "HH:mm:ss"
                return (formatter.string(from: Date(timeIntervalSince1970: now)), now)
            }
            mailbox.finished(with: event)
        }
    }

    /// Applies what the engine sent back since the last call; true when anything changed.
    @discardableResult
    package func drainInbox() -> Bool {
        let events = mailbox.take()
        for event in events { send(event) }
        return !events.isEmpty
    }

    /// Draws the current state at the terminal's size.
    package func draw() {
        let started = clock()
        swap(&frameBuffer, &previousFrame)
        frameBuffer.reset(to: terminal.size)
        let frame = render(state, into: &frameBuffer)
        // PgDn stops where the pane ends: only a drawn frame knows how long that is.
        state.scrollLimit = frame.scrollLimit
        state.scroll = min(state.scroll, frame.scrollLimit)
        let rendered = clock()
        terminal.draw(frameBuffer, cursor: frame.cursor)
        let drawn = clock()
        frameLog?.record(renderSeconds: drawn - started, drawSeconds: drawn - rendered, now: drawn)
    }

    /// Runs until the admin quits. Blocks the calling thread, which owns the terminal.
    package func run() {
        state.size = terminal.size
        send(.tick(now: clock()))
        if state.credentialsPreset { send(.key(.enter)) }
        ThreadPrecedence.lowerOtherThreads()
        draw()
        var lastTick = clock()
        while !state.shouldQuit {
            var changed = drainInbox()
            // Short waits while something animates, so spinners and elapsed times move.
            let animating = state.observing || state.busy != nil
            if let key = terminal.nextKey(timeoutMs: animating ? 80 : 250) {
                frameLog?.keys += 1
                if case .resize = key { sendDrawingFirst(.key(.resize(terminal.size))) } else { sendDrawingFirst(.key(key)) }
                changed = true
            }
            let now = clock()
            if now - lastTick >= (animating ? 0.08 : 1.0) {
                send(.tick(now: now))
                lastTick = now
                changed = true
            }
            if changed && !state.shouldQuit { draw() }
            let effects = afterFrame
            afterFrame = []
            for effect in effects { start(effect) }
            if !effects.isEmpty { ThreadPrecedence.lowerOtherThreads() }
            drawNeighboursOffScreen()
        }
    }

    /// Waits for a write under way to be answered and journalled (a quit confirmed mid-write
    /// must not leave an intent and a temporary file behind), then closes the client.
    package func shutdown() async {
        while mailbox.writesInFlight { try? await Task.sleep(for: .milliseconds(20)) }
        await engine.shutdown()
    }
}

/// The terminal's thread before the engine's: on Linux each of the process's other threads
/// (the HTTP client's event loops, Swift's pool, the demo's simulator) runs at a lower priority
/// (nice 5), so a key's frame is drawn first when both want a CPU, as a desktop gives its UI
/// thread precedence over background work. A thread inherits its creator's priority; threads
/// made since the last call are lowered at the next.
enum ThreadPrecedence {
    static let engineNice: Int32 = 5

    static func lowerOtherThreads() {
        #if os(Linux)
        // "PID/task/TID": Swift cannot call gettid's variadic syscall.
        guard let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"))
                .flatMap({ $0.split(separator: "/").last }).flatMap({ Int32($0) }),
              let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return }
        for case let tid? in tasks.map({ Int32($0) }) where tid != own {
            if getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(tid)) < engineNice {
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(tid), engineNice)
            }
        }
        #endif
    }
}
