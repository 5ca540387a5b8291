package dev.unmark.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds ONNX models in memory without the onnx or protobuf libraries (the tests' stand-in networks, and the
 * training module's export of the mark segmentation network): the protobuf wire format written by
 * hand, with the field numbers of onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto, TensorShapeProto). Enough for graphs of standard operators on tensors; the opset is
 * 13, the IR version 7.
 *
 * <pre>{@code
 * OnnxGraph g = new OnnxGraph();
 * String x = g.input("x", OnnxGraph.FLOAT, 1, 3, 64, 64);
 * g.output(g.node("Identity", x), "y", OnnxGraph.FLOAT, 1, 3, 64, 64);
 * byte[] model = g.toBytes();
 * }</pre>
 */
public final class OnnxGraph {

    /** TensorProto.DataType values. */
    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT64 = 7;

    private static final int OPSET = 13;
    private static final int IR_VERSION = 7;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int names;
    private final String graphName;
    private final String producer;

    /** A graph named {@code graphName}, written by {@code producer} (both stored in the model's header). */
    public OnnxGraph(String graphName, String producer) {
        this.graphName = graphName;
        this.producer = producer;
    }

    /** A graph of the tests' stand-in networks (the names their committed fixtures were written with). */
    public OnnxGraph() {
        this("unmark-test", "unmark tests");
    }

    /**
     * Declares a graph input and returns its name. Each dimension is a number (fixed) or a string (a named dynamic
     * dimension).
     */
    public String input(String name, int type, Object... dims) {
        inputs.add(valueInfo(name, type, dims));
        return name;
    }

    /**
     * Declares {@code value} (a node's output) as the graph output {@code name}, through an Identity node so that
     * any value can be given any name.
     */
    public void output(String value, String name, int type, Object... dims) {
        nodes.add(node("Identity", List.of(value), List.of(name), List.of()));
        outputs.add(valueInfo(name, type, dims));
    }

    /** A float constant of the given shape; returns its name. */
    public String floats(long[] dims, float... values) {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return tensor(dims, FLOAT, raw.array());
    }

    /** A scalar float constant, broadcastable against anything. */
    public String scalar(float value) {
        return floats(new long[0], value);
    }

    /** A 1-D int64 constant (Slice bounds, axes); returns its name. */
    public String ints(long... values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return tensor(new long[] {values.length}, INT64, raw.array());
    }

    private String tensor(long[] dims, int type, byte[] raw) {
        String name = fresh();
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, type);
        t.string(8, name);
        t.bytes(9, raw);
        initializers.add(t.toBytes());
        return name;
    }

    /** A node with one output; returns the output's name. */
    public String node(String op, String... inputNames) {
        return node(op, List.of(inputNames), List.of());
    }

    /** A node with one output and attributes; returns the output's name. */
    public String node(String op, List<String> inputNames, List<Attribute> attributes) {
        String out = fresh();
        nodes.add(node(op, inputNames, List.of(out), attributes));
        return out;
    }

    /** {@code x[:, from:to]}: planes {@code from} to {@code to - 1} of an N x C x H x W tensor. */
    public String planes(String x, int from, int to) {
        return node("Slice", x, ints(from), ints(to), ints(1));
    }

    private byte[] node(String op, List<String> in, List<String> out, List<Attribute> attributes) {
        Proto n = new Proto();
        for (String s : in) {
            n.string(1, s);
        }
        for (String s : out) {
            n.string(2, s);
        }
        n.string(3, "n" + nodes.size());
        n.string(4, op);
        for (Attribute a : attributes) {
            n.message(5, a.encoded);
        }
        return n.toBytes();
    }

    /** The serialised ModelProto. */
    public byte[] toBytes() {
        Proto graph = new Proto();
        nodes.forEach(b -> graph.message(1, b));
        graph.string(2, graphName);
        initializers.forEach(b -> graph.message(5, b));
        inputs.forEach(b -> graph.message(11, b));
        outputs.forEach(b -> graph.message(12, b));
        Proto opset = new Proto();
        opset.string(1, "");
        opset.varint(2, OPSET);
        Proto model = new Proto();
        model.varint(1, IR_VERSION);
        model.string(2, producer);
        model.message(7, graph.toBytes());
        model.message(8, opset.toBytes());
        return model.toBytes();
    }

    /** Writes the model to {@code file} and returns it. */
    public Path write(Path file) throws IOException {
        return Files.write(file, toBytes());
    }

    /** Writes the model to a new temporary file, deleted when the JVM exits, for tests without a temp folder. */
    public Path writeTemporary() {
        try {
            Path file = Files.createTempFile("unmark-test-", ".onnx");
            file.toFile().deleteOnExit();
            return write(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String fresh() {
        return "v" + names++;
    }

    private static byte[] valueInfo(String name, int type, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            Proto dim = new Proto();
            if (d instanceof Number n) {
                dim.varint(1, n.longValue());
            } else {
                dim.string(2, d.toString());
            }
            shape.message(1, dim.toBytes());
        }
        Proto tensorType = new Proto();
        tensorType.varint(1, type);
        tensorType.message(2, shape.toBytes());
        Proto typeProto = new Proto();
        typeProto.message(1, tensorType.toBytes());
        Proto info = new Proto();
        info.string(1, name);
        info.message(2, typeProto.toBytes());
        return info.toBytes();
    }

    /** A node attribute (AttributeProto). */
    public static final class Attribute {
        private final byte[] encoded;

        private Attribute(byte[] encoded) {
            this.encoded = encoded;
        }

        /** An INT attribute. */
        public static Attribute of(String name, long value) {
            Proto a = new Proto();
            a.string(1, name);
            a.varint(3, value);
            a.varint(20, 2);
            return new Attribute(a.toBytes());
        }

        /** A FLOAT attribute. */
        public static Attribute of(String name, float value) {
            Proto a = new Proto();
            a.string(1, name);
            a.fixed32(2, Float.floatToIntBits(value));
            a.varint(20, 1);
            return new Attribute(a.toBytes());
        }

        /** A STRING attribute. */
        public static Attribute of(String name, String value) {
            Proto a = new Proto();
            a.string(1, name);
            a.string(4, value);
            a.varint(20, 3);
            return new Attribute(a.toBytes());
        }

        /** An INTS attribute. */
        public static Attribute ints(String name, long... values) {
            Proto a = new Proto();
            a.string(1, name);
            for (long v : values) {
                a.varint(8, v);
            }
            a.varint(20, 7);
            return new Attribute(a.toBytes());
        }
    }

    /** A protobuf message under construction: fields appended in wire format. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            tag(field, 0);
            raw(value);
        }

        void fixed32(int field, int value) {
            tag(field, 5);
            for (int k = 0; k < 4; k++) {
                out.write((value >>> (8 * k)) & 0xFF);
            }
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
        }

        void message(int field, byte[] encoded) {
            bytes(field, encoded);
        }

        private void tag(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
