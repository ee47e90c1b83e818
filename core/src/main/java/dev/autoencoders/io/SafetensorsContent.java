package dev.autoencoders.io;

import dev.autoencoders.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a safetensors file holds, as read by {@link Safetensors#read}.
 *
 * @param tensors  name -> tensor (values widened to double), in the order of the tensors' bytes in the file
 *                 (for files written by {@link Safetensors#write} that is the order of the map written)
 * @param dtypes   name -> element type in the file (same order), e.g. to tell an F32 file from an F64 one
 * @param metadata the header's {@code "__metadata__"} strings in file order; empty when the file has none
 */
public record SafetensorsContent(
        Map<String, Tensor> tensors, Map<String, SafetensorsDtype> dtypes, Map<String, String> metadata) {

    /** Stores unmodifiable copies of the maps, keeping their order. */
    public SafetensorsContent {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        dtypes = Collections.unmodifiableMap(new LinkedHashMap<>(dtypes));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
