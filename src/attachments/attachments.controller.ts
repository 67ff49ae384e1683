import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AgentDeskService } from '../agents/agent-desk.service';
import { DESK_ROLES, OVERSIGHT_ROLES, Roles } from '../agents/auth/roles';
import type { AuthenticatedAgent } from '../agents/auth/authenticated-agent';
import { CurrentAgent } from '../agents/auth/current-agent.decorator';
import { attachmentUrl } from '../conversations/conversation.types';
import { ConversationTokenGuard } from '../conversations/conversation-token.guard';
import { AttachmentsService } from './attachments.service';
import { UploadedAttachmentDto } from './dto/attachment-response.dto';

/** What multer hands over for the "file" field (kept in memory; its size is bounded by UPLOAD_MAX_BYTES). */
interface UploadedPhoto {
  buffer: Buffer;
}

/**
 * Photos: customers upload to their conversation (multipart, its own size limit, apart from the 64 kB JSON limit)
 * and then name the attachment's id in a message; the conversation's token or an agent's token reads it back.
 */
@ApiTags('attachments')
@Controller('api/v1')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly desk: AgentDeskService,
  ) {}

  @Post('conversations/:id/attachments')
  @HttpCode(201)
  @UseGuards(ConversationTokenGuard)
  @UseInterceptors(FileInterceptor('file'))
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Upload a photo (JPEG, PNG, WebP up to UPLOAD_MAX_BYTES); then send a message with its id in attachmentIds' })
  @ApiCreatedResponse({ type: UploadedAttachmentDto })
  async upload(@Param('id', ParseUUIDPipe) id: string, @UploadedFile() file?: UploadedPhoto): Promise<UploadedAttachmentDto> {
    const attachment = await this.attachments.upload(id, file?.buffer, 'customer');
    return { attachment: { ...attachment, url: attachmentUrl(id, attachment.id, 'customer') } };
  }

  @Get('conversations/:id/attachments/:attachmentId')
  @UseGuards(ConversationTokenGuard)
  @ApiBearerAuth()
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiOkResponse({ description: 'the photo’s bytes, metadata stripped', schema: { type: 'string', format: 'binary' } })
  async customerRead(@Param('id', ParseUUIDPipe) id: string, @Param('attachmentId', ParseUUIDPipe) attachmentId: string, @Res() response: Response): Promise<void> {
    sendPhoto(response, await this.attachments.read(attachmentId, id));
  }

  @Post('agent/conversations/:id/attachments')
  @HttpCode(201)
  @Roles(...DESK_ROLES)
  @UseInterceptors(FileInterceptor('file'))
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Agent: upload a photo to a chat you hold; then reply with its id in attachmentIds' })
  @ApiCreatedResponse({ type: UploadedAttachmentDto })
  agentUpload(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file?: UploadedPhoto): Promise<UploadedAttachmentDto> {
    return this.desk.upload(agent.id, id, file?.buffer);
  }

  @Get('agent/attachments/:attachmentId')
  @Roles(...DESK_ROLES, ...OVERSIGHT_ROLES)
  @ApiBearerAuth()
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiOkResponse({ description: 'the photo’s bytes, metadata stripped', schema: { type: 'string', format: 'binary' } })
  async agentRead(@Param('attachmentId', ParseUUIDPipe) attachmentId: string, @Res() response: Response): Promise<void> {
    sendPhoto(response, await this.attachments.read(attachmentId));
  }
}

function sendPhoto(response: Response, photo: { contentType: string; bytes: Buffer }): void {
  response
    .status(200)
    .set({ 'Content-Type': photo.contentType, 'Cache-Control': 'private, max-age=86400', 'X-Content-Type-Options': 'nosniff', 'Content-Disposition': 'inline' })
    .send(photo.bytes);
}
