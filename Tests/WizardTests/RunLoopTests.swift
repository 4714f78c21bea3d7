import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// The runtime's own loop (`run`), with keys from a script and its real engine over HTTP to the
/// simulator: a key's frame is drawn before the work the key started, and the frames drawn off
/// screen once the org's picture is in start nothing and reach no terminal.
@Suite(.serialized) struct RunLoopTests {
    /// Hands the loop a key when the key's condition on the runtime holds, and notes each frame.
    final class ScriptedTerminal: TerminalDevice, @unchecked Sendable {
        let size = Size(width: 120, height: 40)
        var runtime: WizardRuntime?
        var script: [(when: (WizardRuntime) -> Bool, key: Key)] = []
        var frames: [(screen: Screen, effectsStarted: Int)] = []
        /// What the script saw: the effects started before and after the frames drawn off screen.
        var beforeOffScreen: (effects: Int, frames: Int)?
        var afterOffScreen: (effects: Int, frames: Int)?

        func draw(_ buffer: Buffer, cursor: (x: Int, y: Int)?) {
            guard let runtime else { return }
            frames.append((runtime.state.screen, runtime.effectsStarted))
        }

        /// Past this, the script has failed: q and y in turn, so `run` ends and the test fails on
        /// what it finds rather than hanging the run.
        let giveUpAt = Date().addingTimeInterval(90)
        var gaveUp = 0

        func nextKey(timeoutMs: Int) -> Key? {
            guard let runtime else { return nil }
            if Date() > giveUpAt {
                gaveUp += 1
                usleep(20_000)
                return gaveUp % 2 == 1 ? .character("q") : .character("y")
            }
            if runtime.state.observation != nil && !runtime.neighboursDrawn && beforeOffScreen == nil {
                beforeOffScreen = (runtime.effectsStarted, frames.count)
            }
            if runtime.neighboursDrawn && afterOffScreen == nil { afterOffScreen = (runtime.effectsStarted, frames.count) }
            if let next = script.first, next.when(runtime) {
                script.removeFirst()
                return next.key
            }
            usleep(2_000)
            return nil
        }
    }

    @Test func aKeysFrameIsDrawnBeforeItsWorkAndFramesOffScreenStartNothing() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let store = Fixtures.temporaryJournal()
        let services = WizardServices(makeClient: { _, _, readOnly in OktaClient(configuration: configuration, readOnly: readOnly) },
                                      makeStore: { _ in store })
        let terminal = ScriptedTerminal()
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: terminal.size)
        state.credentialsPreset = true
        state.orgField = TextField(value: simulator.baseURL)
        let runtime = WizardRuntime(state: state, terminal: terminal, services: services, environment: [:])
        terminal.runtime = runtime
        let started = Date()
        let settled: (WizardRuntime) -> Bool = { $0.neighboursDrawn && $0.isIdle && !$0.state.observing }
        terminal.script = [
            (settled, .character("1")),
            // Give up waiting after a minute: the test then fails on what it finds, not by hanging.
            ({ settled($0) || Date().timeIntervalSince(started) > 60 }, .character("q")),
        ]
        // The loop owns its thread, as the terminal's thread owns it in the product.
        nonisolated(unsafe) let loop = runtime
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                loop.run()
                done.resume()
            }
        }

        // The frames drawn off screen, once the org was in: no effect, no frame on the terminal.
        let before = try #require(terminal.beforeOffScreen)
        let after = try #require(terminal.afterOffScreen)
        #expect(after.effects == before.effects)
        // The one frame between: the picture's own, drawn in the pass that brought it, before the
        // ten drawn off screen.
        #expect(after.frames <= before.frames + 1)
        // Phase 1's first frame was drawn before the fresh read its key asked for started; the read
        // ran after it (the phase's report comes from a second observation).
        let phaseFrame = try #require(terminal.frames.first { $0.screen == .phase(.attributes) })
        #expect(phaseFrame.effectsStarted == before.effects)
        #expect(runtime.effectsStarted == before.effects + 1)
        #expect(runtime.state.screen == .phase(.attributes))
        #expect(terminal.gaveUp == 0, "the script waited past its limit")
        await runtime.shutdown()
        await simulator.shutdown()
    }

    #if os(Linux)
    /// The terminal's thread keeps its priority; the process's other threads run at nice 5.
    /// (In this suite, which runs its tests one at a time: the loop above lowers threads too.)
    @Test func otherThreadsYieldToTheCallingThread() async throws {
        @Sendable func ownThreadId() -> Int32? {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"))
                .flatMap { $0.split(separator: "/").last }.flatMap { Int32($0) }
        }
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var other: Int32?
        Thread.detachNewThread {
            other = ownThreadId()
            started.signal()
            release.wait()
        }
        started.wait()
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let otherThread = try #require(other), own = try #require(ownThreadId())
        let ownBefore = getpriority(which, id_t(own))
        ThreadPrecedence.lowerOtherThreads()
        #expect(getpriority(which, id_t(otherThread)) == max(ThreadPrecedence.engineNice, ownBefore))
        #expect(getpriority(which, id_t(own)) == ownBefore)
        release.signal()
    }
    #endif
}
