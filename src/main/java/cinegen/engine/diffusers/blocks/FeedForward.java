package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/**
 * diffusers' FeedForward: net.0 (GEGLU when its projection is twice the hidden width, else a GELU projection),
 * then net.2. Which one is read from the weight shapes.
 */
public final class FeedForward {
    private final Params p;

    public FeedForward(Params p) { this.p = p; }

    public NDArray forward(NDArray x) {
        NDArray h = Ops.linear(p, "net.0.proj", x);
        long inner = p.get("net.2.weight").getShape().get(1);
        int last = h.getShape().dimension() - 1;
        if (h.getShape().get(last) == 2 * inner) {
            NDList halves = h.split(2, last);
            h = halves.get(0).mul(Ops.gelu(halves.get(1)));
        } else {
            h = Ops.gelu(h);
        }
        return Ops.linear(p, "net.2", h);
    }
}
