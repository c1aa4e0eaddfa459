// drover STAND-IN addition (not upstream code). Compiled by scripts/toolchain/build.sh together with
// the Node.js language host package copied out of github.com/pulumi/pulumi/sdk/v3@v3.68.0; it does not
// build on its own.
//
// The 3.68 proto predates ProgramInfo: newer engines send the program's directory, entry point and
// runtime options only in RunRequest.info (field 14) and RunPluginRequest.info (field 5), which the 3.68
// message types keep as unknown fields. This file reads them back from the wire bytes.

package main

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// Field numbers from proto/pulumi/language.proto of pulumi v3.248.0.
const (
	runRequestInfoField       protowire.Number = 14 // RunRequest.info
	runPluginRequestInfoField protowire.Number = 5  // RunPluginRequest.info
	runPluginRequestKindField protowire.Number = 6  // RunPluginRequest.kind

	programInfoRootField    protowire.Number = 1 // ProgramInfo.root_directory
	programInfoProgramField protowire.Number = 2 // ProgramInfo.program_directory
	programInfoEntryField   protowire.Number = 3 // ProgramInfo.entry_point
	programInfoOptionsField protowire.Number = 4 // ProgramInfo.options (google.protobuf.Struct)
)

// programInfo is the part of pulumirpc.ProgramInfo (v3.248) the stand-in uses.
type programInfo struct {
	// present is false when the request carried no info field (an engine older than ProgramInfo).
	present          bool
	rootDirectory    string
	programDirectory string
	entryPoint       string
	options          map[string]any
}

// eachBytesField calls fn with the number and payload of every length-delimited field in raw, in wire
// order, and skips the other fields.
func eachBytesField(raw []byte, fn func(protowire.Number, []byte) error) error {
	for len(raw) > 0 {
		n, typ, l := protowire.ConsumeTag(raw)
		if l < 0 {
			return fmt.Errorf("malformed protobuf tag: %w", protowire.ParseError(l))
		}
		raw = raw[l:]
		var m int
		if typ == protowire.BytesType {
			var v []byte
			if v, m = protowire.ConsumeBytes(raw); m >= 0 {
				if err := fn(n, v); err != nil {
					return err
				}
			}
		} else {
			m = protowire.ConsumeFieldValue(n, typ, raw)
		}
		if m < 0 {
			return fmt.Errorf("malformed protobuf field %d: %w", n, protowire.ParseError(m))
		}
		raw = raw[m:]
	}
	return nil
}

// unknownField returns the payloads of field num among msg's unknown fields, concatenated (protobuf
// merges repeated occurrences of a message field, so that is the same value; for a string field the
// caller wants the last one), and whether there was one.
func unknownField(msg proto.Message, num protowire.Number) (all []byte, last string, found bool, err error) {
	err = eachBytesField(msg.ProtoReflect().GetUnknown(), func(n protowire.Number, v []byte) error {
		if n == num {
			all = append(all, v...)
			last = string(v)
			found = true
		}
		return nil
	})
	return all, last, found, err
}

// programInfoOf reads the ProgramInfo that a newer engine put in field num of msg.
func programInfoOf(msg proto.Message, num protowire.Number) (programInfo, error) {
	b, _, found, err := unknownField(msg, num)
	if err != nil || !found {
		return programInfo{}, err
	}
	return decodeProgramInfo(b)
}

func decodeProgramInfo(b []byte) (programInfo, error) {
	info := programInfo{present: true}
	err := eachBytesField(b, func(n protowire.Number, v []byte) error {
		switch n {
		case programInfoRootField:
			info.rootDirectory = string(v)
		case programInfoProgramField:
			info.programDirectory = string(v)
		case programInfoEntryField:
			info.entryPoint = string(v)
		case programInfoOptionsField:
			var s structpb.Struct
			if err := proto.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("malformed ProgramInfo options: %w", err)
			}
			if info.options == nil {
				info.options = map[string]any{}
			}
			for k, val := range s.AsMap() {
				info.options[k] = val
			}
		}
		return nil
	})
	if err != nil {
		return programInfo{}, fmt.Errorf("reading ProgramInfo: %w", err)
	}
	return info, nil
}

// nodeRuntimeOptions are the Pulumi.yaml / PulumiPolicy.yaml `runtime.options` this host acts on.
type nodeRuntimeOptions struct {
	typescript   bool
	tsconfigpath string
	nodeargs     string
}

// parseNodeRuntimeOptions reads runtime options the way the v3.248 host does: typescript defaults to
// true; packagemanager and unknown keys are ignored (this stand-in only runs npm-installed programs).
func parseNodeRuntimeOptions(options map[string]any) (nodeRuntimeOptions, error) {
	opts := nodeRuntimeOptions{typescript: true}
	if v, ok := options["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, fmt.Errorf("runtime option typescript must be a boolean, got %v", v)
		}
		opts.typescript = b
	}
	if v, ok := options["tsconfig"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option tsconfig must be a string, got %v", v)
		}
		opts.tsconfigpath = s
	}
	if v, ok := options["nodeargs"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option nodeargs must be a string, got %v", v)
		}
		opts.nodeargs = s
	}
	return opts, nil
}
