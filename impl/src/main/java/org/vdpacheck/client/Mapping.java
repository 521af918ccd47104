package org.vdpacheck.client;

/** A range a client believes the device can reach: [iova, iova + size) of asid → uaddr. */
public record Mapping(int asid, long iova, long size, long uaddr, int perm) {
}
