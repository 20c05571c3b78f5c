/**
 * The frames of Feishu's long connection (protobuf `pbbp2.Frame`), encoded and decoded by an
 * independent implementation of the wire format so that a local stand-in gateway can push events
 * to the SDK's WSClient exactly as Feishu's gateway does:
 *   Frame { 1 SeqID uint64, 2 LogID uint64, 3 service int32, 4 method int32 (0 control, 1 data),
 *           5 headers repeated Header { 1 key string, 2 value string }, 6 payloadEncoding string,
 *           7 payloadType string, 8 payload bytes, 9 LogIDNew string }
 */

export interface LarkFrame {
  seqId: number;
  logId: number;
  service: number;
  method: number;
  headers: Record<string, string>;
  payload: Buffer;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

const tag = (field: number, wire: number) => varint(field * 8 + wire);
const bytesField = (field: number, b: Buffer) => Buffer.concat([tag(field, 2), varint(b.length), b]);
const intField = (field: number, n: number) => Buffer.concat([tag(field, 0), varint(n)]);

/** Encodes a frame as Feishu's gateway sends it. */
export function encodeFrame(f: LarkFrame): Buffer {
  const parts = [intField(1, f.seqId), intField(2, f.logId), intField(3, f.service), intField(4, f.method)];
  for (const [key, value] of Object.entries(f.headers)) {
    const header = Buffer.concat([bytesField(1, Buffer.from(key)), bytesField(2, Buffer.from(value))]);
    parts.push(bytesField(5, header));
  }
  parts.push(bytesField(8, f.payload));
  return Buffer.concat(parts);
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let n = 0;
  let scale = 1;
  let i = at;
  for (;;) {
    const b = buf[i++];
    if (b === undefined) throw new Error("truncated varint");
    n += (b & 0x7f) * scale;
    if (b < 0x80) return [n, i];
    scale *= 0x80;
  }
}

/** Yields [field, wire, value] of each field of a message. */
function* fields(buf: Buffer): Generator<[number, number, number | Buffer]> {
  let i = 0;
  while (i < buf.length) {
    const [key, next] = readVarint(buf, i);
    i = next;
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      const [v, after] = readVarint(buf, i);
      i = after;
      yield [field, wire, v];
    } else if (wire === 2) {
      const [len, after] = readVarint(buf, i);
      yield [field, wire, buf.subarray(after, after + len)];
      i = after + len;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
}

/** Decodes a frame the client sent (pings, and its acknowledgements of events). */
export function decodeFrame(buf: Buffer): LarkFrame {
  const f: LarkFrame = { seqId: 0, logId: 0, service: 0, method: 0, headers: {}, payload: Buffer.alloc(0) };
  for (const [field, , value] of fields(buf)) {
    if (field === 1) f.seqId = value as number;
    else if (field === 2) f.logId = value as number;
    else if (field === 3) f.service = value as number;
    else if (field === 4) f.method = value as number;
    else if (field === 8) f.payload = Buffer.from(value as Buffer);
    else if (field === 5) {
      let key = "";
      let val = "";
      for (const [hf, , hv] of fields(value as Buffer)) {
        if (hf === 1) key = (hv as Buffer).toString("utf8");
        if (hf === 2) val = (hv as Buffer).toString("utf8");
      }
      f.headers[key] = val;
    }
  }
  return f;
}

/** A data frame carrying one event (unfragmented: sum 1, seq 0), as the gateway pushes it. */
export function eventFrame(event: unknown, messageId: string, seqId = 1): Buffer {
  return encodeFrame({
    seqId,
    logId: seqId,
    service: 7,
    method: 1,
    headers: { type: "event", message_id: messageId, sum: "1", seq: "0", trace_id: `trace-${messageId}` },
    payload: Buffer.from(JSON.stringify(event)),
  });
}
