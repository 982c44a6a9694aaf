package org.mip.local;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * Refuses a CopyObject whose source is larger than S3's single-request limit, as AWS does (400
 * InvalidRequest, "The specified copy source is larger than the maximum allowable size for a copy
 * source"): S3Proxy copies any size, so a pipeline that copied a 6 GB object in one request passed
 * here and failed on AWS. Larger objects are copied in parts (UploadPartCopy), which this lets through.
 */
final class CopySizeLimitBlobStore extends ForwardingBlobStore {
    private final long limit;

    CopySizeLimitBlobStore(BlobStore delegate, long limit) {
        super(delegate);
        this.limit = limit;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        Long size = blobMetadata(HeadObjectRequest.builder().bucket(request.sourceBucket()).key(request.sourceKey())
                .versionId(request.sourceVersionId()).build()).contentLength();
        if (size != null && size > limit) {
            throw S3Exceptions.invalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: "
                    + limit);
        }
        return super.copyBlob(request);
    }
}
