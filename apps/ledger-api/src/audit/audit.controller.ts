import { Controller, Get, Header, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CHECKPOINT_STREAM } from '@cip/domain';
import { type EventStore, type StoredRecord, StreamNotFoundError } from '@cip/event-store';
import { Public, Roles } from '../auth/roles.decorator';
import { ProblemDto } from '../common/append-response.dto';
import { ProblemException, type ProblemKind } from '../problems/problem';
import { CheckpointSealer } from '../sealer/checkpoint-sealer.service';
import type { RecordedCheckpoint } from '../sealer/checkpoint-book';
import { EVENT_STORE } from '../tokens';
import { ConsistencyProofQuery, InclusionProofQuery, TreeSizeParams } from './dto/proof.query';

/** The record is in the log but not (yet) a leaf of the tree size asked for. */
const NOT_YET_SEALED: ProblemKind = {
  code: 'not-yet-sealed',
  status: 409,
  title: 'The record is not covered by that tree size yet',
};

const hex = (nodes: Buffer[]) => nodes.map((node) => node.toString('hex'));

/**
 * Auditor endpoints: signed checkpoints, inclusion and consistency proofs (RFC 9162, hashes as hex, lowest
 * level first), all answered from the sealer's tree. The verifier key is public.
 */
@ApiTags('auditors')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1')
export class AuditController {
  constructor(
    private readonly sealer: CheckpointSealer,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('checkpoints/latest')
  @ApiOperation({
    summary: 'The newest signed checkpoint',
    description:
      'The C2SP signed note as text/plain; with Accept: application/json an object {origin, treeSize, rootHash (hex), note, recordedAt}.',
  })
  @ApiProduces('text/plain', 'application/json')
  @ApiOkResponse({ description: 'The signed note (or its JSON form)' })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'No valid API key' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'The key is not of the auditor role' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No checkpoint was signed yet' })
  latest(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): unknown {
    const checkpoint = this.sealer.checkpoints.latest;
    if (checkpoint === undefined) throw new ProblemException('not-found', 'No checkpoint has been signed yet.');
    return this.answer(checkpoint, request, reply);
  }

  @Get('checkpoints/:treeSize')
  @ApiOperation({ summary: 'The signed checkpoint of one tree size', description: 'As checkpoints/latest.' })
  @ApiProduces('text/plain', 'application/json')
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No checkpoint of that tree size' })
  bySize(
    @Param() params: TreeSizeParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): unknown {
    const checkpoint = this.sealer.checkpoints.at(params.treeSize);
    if (checkpoint === undefined) {
      throw new ProblemException('not-found', `No checkpoint was signed at tree size ${params.treeSize}.`, {
        treeSizes: this.sealer.checkpoints.sizes.slice(-20),
      });
    }
    return this.answer(checkpoint, request, reply);
  }

  @Get('proofs/inclusion')
  @ApiOperation({
    summary: 'Inclusion proof of one record',
    description:
      'Finds the record by stream and revision, and proves its hash is leaf `leafIndex` of the tree of `treeSize` leaves (default: the latest checkpoint): RFC 9162 inclusion proof, hashes hex, lowest level first. The leaf hash is the record hash.',
  })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such record, or no tree of that size yet' })
  async inclusion(@Query() query: InclusionProofQuery) {
    const treeSize = this.treeSize(query.treeSize);
    const stored = await this.findRecord(query.stream, query.revision);
    const leafIndex = this.sealer.tree.leafIndexOf(stored.position);
    if (leafIndex === undefined || leafIndex >= treeSize) {
      throw new ProblemException(
        NOT_YET_SEALED,
        leafIndex === undefined
          ? `${query.stream} revision ${query.revision} is not in the sealer's tree yet; ask again after the next checkpoint.`
          : `${query.stream} revision ${query.revision} is leaf ${leafIndex}, not inside a tree of ${treeSize} leaves; ask with a later checkpoint.`,
        { leafIndex: leafIndex ?? null, treeSize },
      );
    }
    return {
      stream: query.stream,
      revision: query.revision,
      leafIndex,
      treeSize,
      leafHash: this.sealer.tree.leafHash(leafIndex).toString('hex'),
      rootHash: this.sealer.tree.root(treeSize).toString('hex'),
      proof: hex(this.sealer.tree.inclusionProof(leafIndex, treeSize)),
    };
  }

  @Get('proofs/consistency')
  @ApiOperation({
    summary: 'Consistency proof between two tree sizes',
    description:
      'RFC 9162 consistency proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (default: the latest checkpoint), hashes hex, lowest level first, with both roots.',
  })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No tree of that size yet' })
  consistency(@Query() query: ConsistencyProofQuery) {
    const to = this.treeSize(query.to);
    if (query.from > to) {
      throw new ProblemException('validation-failed', `from (${query.from}) must not be larger than to (${to}).`, {
        errors: [{ field: 'from', message: 'from must not be larger than to' }],
      });
    }
    return {
      from: query.from,
      to,
      fromRoot: this.sealer.tree.root(query.from).toString('hex'),
      toRoot: this.sealer.tree.root(to).toString('hex'),
      proof: hex(this.sealer.tree.consistencyProof(query.from, to)),
    };
  }

  @Get('ledger.vkey')
  @Public()
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary: "The ledger's verifier key (public)",
    description:
      'The C2SP verifier key of the checkpoint signing key, `<name>+<key id>+<base64>`: what `cip-ledger verify --key` takes. Obtain it from the operator over a channel you trust too; this copy is for convenience.',
  })
  @ApiProduces('text/plain')
  verifierKey(): string {
    return this.sealer.verifierKey + '\n';
  }

  private answer(checkpoint: RecordedCheckpoint, request: FastifyRequest, reply: FastifyReply): unknown {
    if (wantsJson(request)) {
      return {
        origin: this.sealer.origin,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        note: checkpoint.note,
        recordedAt: checkpoint.recordedAt,
      };
    }
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return checkpoint.note;
  }

  /** The tree size asked for, or that of the latest checkpoint; 404 when the tree is not that large yet. */
  private treeSize(asked: number | undefined): number {
    if (asked === undefined) {
      const latest = this.sealer.checkpoints.latest;
      if (latest === undefined) throw new ProblemException('not-found', 'No checkpoint has been signed yet.');
      return latest.treeSize;
    }
    if (asked > this.sealer.tree.size) {
      throw new ProblemException(
        'not-found',
        `The sealer's tree has ${this.sealer.tree.size} leaves, not ${asked} (yet).`,
        { treeSize: this.sealer.tree.size },
      );
    }
    return asked;
  }

  private async findRecord(stream: string, revision: number): Promise<StoredRecord> {
    if (stream === CHECKPOINT_STREAM) {
      throw new ProblemException('not-found', `${CHECKPOINT_STREAM} records sign the tree; they are not leaves of it.`);
    }
    try {
      for await (const stored of this.store.readStream(stream, { fromRevision: revision, maxCount: 1 })) {
        if (stored.record.revision === revision) return stored;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    throw new ProblemException('not-found', `The log holds no record ${stream} revision ${revision}.`);
  }
}

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\bapplication\/json\b/i.test(accept);
}
