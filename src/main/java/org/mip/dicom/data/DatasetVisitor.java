package org.mip.dicom.data;

/**
 * A walk over a data set and the items of its sequences, at every depth, in tag order
 * ({@link Dataset#walk}). Each data set carries a context of the visitor's choosing (where it is, what
 * rules apply there); a sequence's items get the context {@link #visit} returned for it, and none when
 * it returned null. The visitor may change the data set it is visiting: its elements are read before
 * the visit, and a sequence's items are those it holds after its visit.
 *
 * @param <C> what the visitor knows about the data set being visited
 */
public interface DatasetVisitor<C> {

    /**
     * One element of {@code ds}. For a sequence, returns the context to walk its items with, or null to
     * leave them unvisited; for other elements the return value is ignored.
     */
    C visit(Dataset ds, Element e, C context);

    /** The context of item {@code index} (1-based) of sequence {@code s}; by default the one {@link #visit} returned. */
    default C item(SequenceElement s, int index, C sequenceContext) {
        return sequenceContext;
    }

    /** After every element of {@code ds}, and every item below it, was visited. */
    default void leave(Dataset ds, C context) {
    }
}
