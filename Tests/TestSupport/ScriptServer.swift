import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// One request as the scripted server saw it.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    public var query: String?
    public var headers: [(String, String)]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.0.caseInsensitiveCompare(name) == .orderedSame }.map(\.1)
    }
}

/// One scripted answer. Headers are sent in order, repeated names as separate lines.
public struct ScriptedReply: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: String
    /// Send the body one byte per interval, as a hostile or broken server may.
    public var trickle: Duration?

    public init(_ status: Int = 200, headers: [(String, String)] = [], body: String = "[]", trickle: Duration? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.trickle = trickle
    }

    public static func json(_ body: String, status: Int = 200, headers: [(String, String)] = []) -> ScriptedReply {
        ScriptedReply(status, headers: [("Content-Type", "application/json")] + headers, body: body)
    }
}

/// What the script is told about each request: its position (0-based), the request, and
/// the server's own base URL (for building Link headers).
public struct ScriptCall: Sendable {
    public var index: Int
    public var request: RecordedRequest
    public var baseURL: String
    public var port: Int
}

/// A tiny Hummingbird 2 server bound to 127.0.0.1 on a free port that records every
/// request and answers from a script.
public final class ScriptServer: Sendable {
    public typealias Script = @Sendable (ScriptCall) -> ScriptedReply

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let recorder: Recorder
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    public var requests: [RecordedRequest] { recorder.requests.withLock { $0 } }
    public var requestCount: Int { requests.count }

    private init(port: Int, recorder: Recorder, group: ServiceGroup, task: Task<Void, Never>) {
        self.port = port
        self.recorder = recorder
        self.group = group
        self.task = task
    }

    /// Starts a server; returns once it listens.
    public static func start(_ script: @escaping Script) async throws -> ScriptServer {
        let recorder = Recorder()
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var headers: [(String, String)] = []
            for field in request.headers { headers.append((field.name.rawName, field.value)) }
            let recordedRequest = RecordedRequest(method: request.method.rawValue, path: request.uri.path,
                                                  query: request.uri.query, headers: headers)
            let index = recorder.requests.withLock { list in
                list.append(recordedRequest)
                return list.count - 1
            }
            let port = recorder.port.withLock { $0 }
            let reply = script(ScriptCall(index: index, request: recordedRequest, baseURL: "http://127.0.0.1:\(port)", port: port))
            var fields = HTTPFields()
            for (name, value) in reply.headers {
                fields.append(HTTPFields.Element(name: HTTPFields.Element.Name(name)!, value: value))
            }
            if let interval = reply.trickle {
                let bytes = Array(reply.body.utf8)
                return Response(status: .init(code: reply.status), headers: fields, body: ResponseBody { writer in
                    for byte in bytes {
                        try await writer.write(ByteBuffer(bytes: [byte]))
                        try await Task.sleep(for: interval)
                    }
                    try await writer.finish(nil)
                })
            }
            return Response(status: .init(code: reply.status), headers: fields,
                            body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("**", method: method, use: handler)
        }
        var logger = Logger(label: "ScriptServer")
        logger.logLevel = .critical
        let (stream, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            do { try await group.run() } catch { continuation.yield(.failure(error)) }
            continuation.finish()
        }
        var port: Int?
        for await result in stream {
            if case .success(let p) = result { port = p }
            break
        }
        guard let port, port > 0 else {
            task.cancel()
            throw ScriptServerError.didNotStart
        }
        recorder.port.withLock { $0 = port }
        return ScriptServer(port: port, recorder: recorder, group: group, task: task)
    }

    /// Stops gracefully, cancelling after 2 s, and waits for the server to end.
    public func stop() async {
        await group.triggerGracefulShutdown()
        let running = task
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(2))
            running.cancel()
        }
        await running.value
        watchdog.cancel()
    }
}

public enum ScriptServerError: Error { case didNotStart }

/// What the handler shares with the server object.
private final class Recorder: Sendable {
    let requests = Mutex<[RecordedRequest]>([])
    let port = Mutex<Int>(0)
}
